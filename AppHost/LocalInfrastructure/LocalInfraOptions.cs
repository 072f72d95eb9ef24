namespace BuildXpert.AppHost.LocalInfrastructure;

/// <summary>Where local servers keep their data, and whether durability may be traded for speed (tests).</summary>
public sealed record LocalInfraOptions(string DataDirectory, bool FastUnsafeStorage)
{
    public static LocalInfraOptions From(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["LocalInfra:DataDir"];
        var dataDirectory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, ".data")
            : Path.GetFullPath(configured);
        Directory.CreateDirectory(dataDirectory);
        var fast = bool.TryParse(builder.Configuration["LocalInfra:FastUnsafeStorage"], out var f) && f;
        return new LocalInfraOptions(dataDirectory, fast);
    }

    public string For(string server) => Path.Combine(DataDirectory, server);
}
