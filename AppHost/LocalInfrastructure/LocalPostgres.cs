using System.Diagnostics;
using BuildXpert.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BuildXpert.AppHost.LocalInfrastructure;

/// <summary>A PostgreSQL server from Debian's package, its data under the local data directory.</summary>
public sealed class LocalPostgresResource(string name, string root, string password, string command)
    : LocalServerResource(name, command, root)
{
    public string Root => WorkingDirectory;

    public string DataDirectory => Path.Combine(WorkingDirectory, "data");

    internal string Password => password;

    public List<LocalPostgresDatabaseResource> Databases { get; } = [];

    public override ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password}");
}

/// <summary>One database on a local PostgreSQL server; it becomes Running once the server has created it.</summary>
public sealed class LocalPostgresDatabaseResource(string name, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent => parent;

    public string DatabaseName => Name;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{parent.ConnectionStringExpression};Database={Name}");
}

public static class LocalPostgresExtensions
{
    private static readonly bool RunningAsRoot = Environment.UserName == "root";

    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, LocalInfraOptions options)
    {
        var root = options.For(name);
        Directory.CreateDirectory(root);
        var password = ReadOrCreatePassword(Path.Combine(root, "password"));
        var binaries = PostgresBinaries.Find();
        var resource = new LocalPostgresResource(name, root, password, RunningAsRoot ? "/usr/bin/setpriv" : binaries.Postgres);

        var tuning = options.FastUnsafeStorage
            ? new[] { "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off" }
            : [];
        // Per-statement counters (docs/operations.md); the view appears once `CREATE EXTENSION pg_stat_statements` has run.
        var statementStats = options.StatementStats
            ? new[] { "-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track_planning=on" }
            : [];
        var server = builder.AddResource(resource)
            .WithServerEndpoint("PGPORT")
            .WithArgs([
                .. AsPostgresUser(binaries.Postgres),
                "-D", resource.DataDirectory,
                "-c", "listen_addresses=127.0.0.1",
                "-c", $"unix_socket_directories={resource.DataDirectory}",
                "-c", $"max_connections={InfrastructureExtensions.PostgresMaxConnections}",
                .. tuning,
                .. statementStats,
            ])
            .WithProtocolHealthCheck(async (pg, ct) =>
            {
                await using var connection = new NpgsqlConnection(await pg.ConnectionStringExpression.GetValueAsync(ct));
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("select 1", connection);
                await command.ExecuteScalarAsync(ct);
            });

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, (_, ct) => InitializeAsync(resource, binaries, ct));
        builder.Eventing.Subscribe<ResourceReadyEvent>(resource, async (@event, ct) =>
        {
            await CreateDatabasesAsync(resource, ct);
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in resource.Databases)
            {
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running });
            }
        });
        return server;
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddLocalDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name)
    {
        var database = new LocalPostgresDatabaseResource(name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("postgres.database", name)],
            });
    }

    private static string[] AsPostgresUser(string binary) => RunningAsRoot
        ? ["--reuid=postgres", "--regid=postgres", "--init-groups", binary]
        : [];

    private static string ReadOrCreatePassword(string file)
    {
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(file, password);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    private static async Task InitializeAsync(LocalPostgresResource pg, PostgresBinaries binaries, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(pg.DataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(pg.DataDirectory);
        var passwordFile = Path.Combine(pg.Root, "initdb-password");
        await File.WriteAllTextAsync(passwordFile, pg.Password, ct);
        try
        {
            if (RunningAsRoot)
            {
                TraversableByOthers.Ensure(pg.Root);
                await RunAsync("chown", ["-R", "postgres:postgres", pg.DataDirectory, passwordFile], ct);
            }

            string[] initdb = [binaries.Initdb, "-D", pg.DataDirectory, "-U", "postgres", $"--pwfile={passwordFile}",
                "--auth=scram-sha-256", "-E", "UTF8", "--locale=C"];
            await (RunningAsRoot
                ? RunAsync("/usr/bin/setpriv", [.. AsPostgresUser(initdb[0]), .. initdb[1..]], ct)
                : RunAsync(initdb[0], initdb[1..], ct));
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task CreateDatabasesAsync(LocalPostgresResource pg, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(await pg.ConnectionStringExpression.GetValueAsync(ct));
        await connection.OpenAsync(ct);
        foreach (var database in pg.Databases)
        {
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
            exists.Parameters.AddWithValue(database.DatabaseName);
            if (await exists.ExecuteScalarAsync(ct) is null)
            {
                // Database names are our own constants (ResourceNames), never user input.
                await using var create = new NpgsqlCommand($"create database \"{database.DatabaseName}\"", connection);
                await create.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static async Task RunAsync(string command, string[] args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stderr = process.StandardError.ReadToEndAsync(ct);
        _ = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }
    }
}

/// <summary>Locates Debian's PostgreSQL binaries (the newest installed major version).</summary>
internal sealed record PostgresBinaries(string Postgres, string Initdb)
{
    public static PostgresBinaries Find()
    {
        const string root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        bin ??= "/usr/lib/postgresql/15/bin"; // reported clearly by DCP if missing: run ./run.sh to install
        return new PostgresBinaries(Path.Combine(bin, "postgres"), Path.Combine(bin, "initdb"));
    }
}

/// <summary>The postgres user must be able to pass through every folder above its data directory.</summary>
internal static class TraversableByOthers
{
    public static void Ensure(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            var mode = File.GetUnixFileMode(dir.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(dir.FullName, mode | UnixFileMode.OtherExecute);
            }
        }
    }
}
