using System.Diagnostics;

namespace BuildXpert.ServiceDefaults.Monitoring;

/// <summary>A process's database connection pools: (connections in use, maximum connections), summed.</summary>
public interface IConnectionPoolFigures
{
    (long InUse, long Max) Read();
}

/// <summary>
/// One process's memory and database-pool use, read from the runtime and, where the process has a database, from its
/// driver's meters (<see cref="IConnectionPoolFigures"/>, registered by the persistence building block): what
/// <c>/api/monitoring/status</c> reports for each service. Served at <c>GET /api/monitoring/runtime</c>.
/// </summary>
public static class RuntimeFigures
{
    /// <param name="MemoryUsage">Working set as a percentage of the memory available to the process (container limits included).</param>
    /// <param name="DatabasePoolUsage">Connections in use as a percentage of the pools' maximum; null without a database.</param>
    public sealed record Figures(
        double MemoryUsage, long WorkingSetBytes, long GcHeapBytes, long AvailableMemoryBytes,
        double? DatabasePoolUsage, long PoolConnectionsInUse, long PoolConnectionsMax, double UptimeSeconds);

    public static Figures Read(IConnectionPoolFigures? pools = null)
    {
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        var available = gc.TotalAvailableMemoryBytes > 0 ? gc.TotalAvailableMemoryBytes : 1;
        var (used, max) = pools?.Read() ?? (0, 0);
        return new Figures(
            Math.Round(process.WorkingSet64 * 100.0 / available, 2), process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), available,
            max > 0 ? Math.Round(used * 100.0 / max, 2) : null, used, max, (DateTime.Now - process.StartTime).TotalSeconds);
    }
}
