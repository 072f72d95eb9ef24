namespace BuildXpert.AppHost.LocalInfrastructure;

/// <summary>
/// Where local servers keep their data, whether durability may be traded for speed (tests), and whether PostgreSQL keeps
/// per-statement counters (<c>LocalInfra:StatementStats</c>: pg_stat_statements with planning time, which costs a little
/// on every statement, so it is off unless asked for).
/// </summary>
public sealed record LocalInfraOptions(string DataDirectory, bool FastUnsafeStorage, bool StatementStats = false)
{
    public static LocalInfraOptions From(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["LocalInfra:DataDir"];
        var dataDirectory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, ".data")
            : Path.GetFullPath(configured);
        Directory.CreateDirectory(dataDirectory);
        var fast = bool.TryParse(builder.Configuration["LocalInfra:FastUnsafeStorage"], out var f) && f;
        var statements = bool.TryParse(builder.Configuration["LocalInfra:StatementStats"], out var st) && st;
        return new LocalInfraOptions(dataDirectory, fast, statements);
    }

    public string For(string server) => Path.Combine(DataDirectory, server);
}
