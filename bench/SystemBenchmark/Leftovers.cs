using System.Diagnostics;

namespace BuildXpert.Bench;

/// <summary>Service processes a benchmark run leaves behind (both modes).</summary>
public static class Leftovers
{
    /// <summary>
    /// DCP can leave service processes running after the AppHost is disposed (seen after fault runs: the original
    /// replicas kept running and took CPU from the next benchmark). Kills this repository's Release service and gateway
    /// processes started since this benchmark began (<c>./run.sh</c> runs Debug builds).
    /// </summary>
    public static void Kill()
    {
        var startedAt = Process.GetCurrentProcess().StartTime;
        var repository = Path.GetFullPath(".") + "/";
        foreach (var process in Process.GetProcesses())
        {
            using (process)
            {
                try
                {
                    var path = process.MainModule?.FileName ?? "";
                    if (path.StartsWith(repository, StringComparison.Ordinal) && path.Contains("/bin/Release/", StringComparison.Ordinal)
                        && (process.ProcessName.StartsWith("Services.", StringComparison.Ordinal) || process.ProcessName == "Gateway")
                        && process.StartTime >= startedAt)
                    {
                        process.Kill();
                        Console.Error.WriteLine($"killed a leftover {process.ProcessName} (pid {process.Id})");
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // exited meanwhile, or not ours to inspect
                }
            }
        }
    }
}
