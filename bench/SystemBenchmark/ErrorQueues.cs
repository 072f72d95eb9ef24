using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using BuildXpert.Contracts;

namespace BuildXpert.Bench;

/// <summary>
/// Messages MassTransit gave up on (its <c>*_error</c> and <c>*_skipped</c> queues), counted with <c>rabbitmqctl</c>
/// against the system's local broker (the local server has no management plugin), with the environment the AppHost gave it.
/// The CLI itself, not Debian's wrapper (which switches to the rabbitmq user and its home), so it reads the broker's
/// Erlang cookie from the broker's HOME and the cookie never appears on a command line.
/// </summary>
public static class ErrorQueues
{
    public static async Task<Dictionary<string, long>> CountAsync(DistributedApplication app)
    {
        if (!app.ResourceNotifications.TryGetCurrentState(ResourceNames.Messaging, out var broker))
        {
            throw new InvalidOperationException("the broker's state is unknown");
        }

        var start = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var variable in broker.Snapshot.EnvironmentVariables.Where(v => v.IsFromSpec && v.Value is not null))
        {
            start.Environment[variable.Name] = variable.Value;
        }

        start.Environment["ERL_CRASH_DUMP"] = Path.Combine(Path.GetTempPath(), "buildxpert-rabbitmqctl-erl_crash.dump"); // not the repository

        foreach (var argument in new[] { "-q", "list_queues", "name", "messages" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl list_queues: {error.Trim()}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2 && (parts[0].EndsWith("_error", StringComparison.Ordinal) || parts[0].EndsWith("_skipped", StringComparison.Ordinal)))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
