using System.Globalization;

namespace BuildXpert.Testing;

/// <summary>
/// Benchmarks: CPU time spent between two snapshots, for the whole machine and for each part of the system (services,
/// PostgreSQL, RabbitMQ, Redis, the benchmark itself with the AppHost it hosts), read from Linux's <c>/proc</c>: where
/// the CPU of an operation goes, which a rate alone does not show on a machine whose cores every part shares.
/// </summary>
public sealed class CpuMeter
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    private readonly long _machineBusy;
    private readonly long _machineTotal;
    private readonly long _machineStolen;
    private readonly Dictionary<int, (string Part, long Ticks)> _processes;

    private CpuMeter(long machineBusy, long machineTotal, long machineStolen, Dictionary<int, (string Part, long Ticks)> processes)
        => (_machineBusy, _machineTotal, _machineStolen, _processes) = (machineBusy, machineTotal, machineStolen, processes);

    /// <summary>A snapshot now; on a system without <c>/proc</c> every figure is zero.</summary>
    public static CpuMeter Take()
    {
        var (busy, total, stolen) = ReadMachine();
        var processes = new Dictionary<int, (string, long)>();
        if (Directory.Exists("/proc"))
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadProcess(pid) is { } process)
                {
                    processes[pid] = process;
                }
            }
        }

        return new CpuMeter(busy, total, stolen, processes);
    }

    /// <summary>
    /// "CPU per booking 13.9 ms (machine 98 % busy, 3 % stolen): Services.Bookings 6.0, postgres 3.7, …": milliseconds
    /// of CPU per operation between <paramref name="start"/> and now, by part, largest first (parts under 0.05 ms left
    /// out). Stolen is the share of the machine's time its virtual machine's host gave to others (counted in busy).
    /// </summary>
    public static string PerOperation(CpuMeter start, int operations, string operation)
    {
        var end = Take();
        var parts = new Dictionary<string, long>();
        foreach (var (pid, (part, ticks)) in end._processes)
        {
            var before = start._processes.TryGetValue(pid, out var earlier) && earlier.Part == part ? earlier.Ticks : 0;
            parts[part] = parts.GetValueOrDefault(part) + Math.Max(0, ticks - before);
        }

        var machineTicks = end._machineBusy - start._machineBusy;
        var elapsedTicks = end._machineTotal - start._machineTotal;
        double PerOp(long ticks) => operations == 0 ? 0 : ticks / TicksPerSecond * 1000 / operations;
        var listed = parts.Where(p => PerOp(p.Value) >= 0.05).OrderByDescending(p => p.Value)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {PerOp(p.Value):F1}"));
        var busy = elapsedTicks == 0 ? 0 : 100.0 * machineTicks / elapsedTicks;
        var stolen = elapsedTicks == 0 ? 0 : 100.0 * (end._machineStolen - start._machineStolen) / elapsedTicks;
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU per {operation} {PerOp(machineTicks):F1} ms (machine {busy:F0} % busy, {stolen:F0} % stolen): {string.Join(", ", listed)}");
    }

    private static (long Busy, long Total, long Stolen) ReadMachine()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0, 0);
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"; guest time is already in user.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(long.Parse).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total, fields[7]);
    }

    private static (string Part, long Ticks)? ReadProcess(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var comm = stat[(stat.IndexOf('(') + 1)..close];
            // After "pid (comm) ": state is field 3, utime field 14 and stime field 15 (proc(5)).
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (Part(pid, comm), ticks);
        }
        catch (IOException)
        {
            return null; // the process ended between listing and reading
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Part(int pid, string comm)
    {
        if (pid == Environment.ProcessId)
        {
            return "benchmark";
        }

        if (comm is "postgres" or "redis-server" or "dcp" or "dcpctrl")
        {
            return comm;
        }

        if (comm is "beam.smp" or "erl_child_setup" or "epmd" or "inet_gethost")
        {
            return "rabbitmq";
        }

        var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        foreach (var project in (string[])["Services.Bookings", "Services.Notifications", "Services.Identity", "Services.Payments", "Gateway", "PaytmSandbox", "AppHost"])
        {
            if (commandLine.Contains($"/{project}", StringComparison.Ordinal))
            {
                return project;
            }
        }

        return commandLine.Contains("s3rver", StringComparison.Ordinal) ? "s3rver" : "other";
    }
}
