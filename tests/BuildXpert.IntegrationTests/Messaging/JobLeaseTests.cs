using System.Collections.Concurrent;
using BuildXpert.Messaging.Jobs;
using BuildXpert.Persistence;
using BuildXpert.Testing;
using BuildXpert.Testing.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace BuildXpert.IntegrationTests.Messaging;

/// <summary>The job lease: replicas on one database run each occurrence of a job once, even across restarts and crashes.</summary>
[Collection(ServersCollection.Name)]
public class JobLeaseTests(ServersFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_replicas_run_each_occurrence_exactly_once_and_never_at_the_same_time()
    {
        var database = await NewDatabaseAsync();
        var log = new JobLog { Duration = TimeSpan.FromMilliseconds(300) };
        var schedule = new JobSchedule("counted", TimeSpan.FromSeconds(1)) { Lease = TimeSpan.FromSeconds(3), MaxCheckInterval = TimeSpan.FromMilliseconds(50) };
        using var first = await StartReplicaAsync(database, schedule, log);
        using var second = await StartReplicaAsync(database, schedule, log);

        await Poller.UntilAsync(() => Task.FromResult(log.Runs.Count), n => n >= 4, Deadline, "four occurrences");
        await Task.WhenAll(first.StopAsync(), second.StopAsync());

        var dueTimes = log.Runs.Select(r => r.DueAt).ToList();
        Assert.Equal(dueTimes.Count, dueTimes.Distinct().Count()); // no occurrence ran twice
        Assert.Equal(1, log.MostAtOnce);
    }

    [Fact]
    public async Task A_restarted_replica_does_not_rerun_an_occurrence_already_done()
    {
        var database = await NewDatabaseAsync();
        var log = new JobLog();
        var schedule = new JobSchedule("hourly", TimeSpan.FromHours(1)) { MaxCheckInterval = TimeSpan.FromMilliseconds(50) };
        using (var before = await StartReplicaAsync(database, schedule, log))
        {
            await Poller.UntilAsync(() => LastOutcomeAsync(database, "hourly"), o => o == "succeeded", Deadline, "the first occurrence done");
            await before.StopAsync();
        }

        using var after = await StartReplicaAsync(database, schedule, log);
        var wait = await after.Services.GetRequiredService<ScheduledJobRunner<RecordingJob, TestDbContext>>().RunIfDueAsync(CancellationToken.None);

        Assert.Single(log.Runs);
        Assert.True(wait > TimeSpan.Zero);
        await after.StopAsync();
    }

    [Fact]
    public async Task A_crashed_holders_lease_expires_and_another_replica_takes_the_occurrence_over()
    {
        var database = await NewDatabaseAsync();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var crashed = new NpgsqlCommand(
                "INSERT INTO job_runs (job, due_at, leased_by, leased_until) VALUES ('taken-over', now() - interval '1 second', 'crashed-replica', now() + interval '2 seconds')",
                connection);
            await crashed.ExecuteNonQueryAsync();
        }

        var log = new JobLog();
        var schedule = new JobSchedule("taken-over", TimeSpan.FromHours(1)) { MaxCheckInterval = TimeSpan.FromMilliseconds(50) };
        var started = DateTimeOffset.UtcNow;
        using var survivor = await StartReplicaAsync(database, schedule, log);

        await Poller.UntilAsync(() => Task.FromResult(log.Runs.Count), n => n == 1, Deadline, "the taken-over occurrence");
        Assert.True(log.Runs.Single().At - started >= TimeSpan.FromSeconds(1.5), "ran before the crashed holder's lease expired");
        await Poller.UntilAsync(() => LastOutcomeAsync(database, "taken-over"), o => o == "succeeded", Deadline, "the occurrence recorded");
        await survivor.StopAsync();
    }

    private async Task<string> NewDatabaseAsync()
    {
        var database = await fixture.Servers.CreateDatabaseAsync("jobs");
        await MessagingHost.CreateSchemaAsync(database);
        return database;
    }

    private static async Task<IHost> StartReplicaAsync(string database, JobSchedule schedule, JobLog log)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:testdb"] = database;
        builder.AddServiceDatabase<TestDbContext>("testdb");
        builder.Services.AddSingleton(log);
        builder.Services.AddScheduledJob<RecordingJob, TestDbContext>(schedule);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<string?> LastOutcomeAsync(string database, string job)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT last_outcome FROM job_runs WHERE job = $1", connection) { Parameters = { new() { Value = job } } };
        return await query.ExecuteScalarAsync() as string;
    }
}

/// <summary>Every run of <see cref="RecordingJob"/> across replicas, and the most that ran at once.</summary>
public sealed class JobLog
{
    private int _running;
    private int _mostAtOnce;

    public TimeSpan Duration { get; init; } = TimeSpan.Zero;

    public ConcurrentQueue<(DateTimeOffset DueAt, DateTimeOffset At)> Runs { get; } = new();

    public int MostAtOnce => _mostAtOnce;

    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _running);
        int seen;
        while (now > (seen = _mostAtOnce) && Interlocked.CompareExchange(ref _mostAtOnce, now, seen) != seen)
        {
        }

        return new Exit(() => Interlocked.Decrement(ref _running));
    }

    private sealed class Exit(Action exit) : IDisposable
    {
        public void Dispose() => exit();
    }
}

public sealed class RecordingJob(JobLog log, TestDbContext db) : IScheduledJob
{
    public async Task RunAsync(JobOccurrence occurrence, CancellationToken cancellationToken)
    {
        using var _ = log.Enter();
        log.Runs.Enqueue((occurrence.DueAt, DateTimeOffset.UtcNow));
        await db.Database.ExecuteSqlAsync($"SELECT pg_sleep({log.Duration.TotalSeconds})", cancellationToken);
    }
}
