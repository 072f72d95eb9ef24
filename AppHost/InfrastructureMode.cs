using System.Diagnostics;

namespace BuildXpert.AppHost;

/// <summary>How the AppHost provides PostgreSQL, RabbitMQ and Redis.</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a healthy container runtime answers, otherwise local Debian servers.</summary>
    Auto,
    /// <summary>Aspire's container resources (needs Docker or Podman).</summary>
    Containers,
    /// <summary>The Debian-packaged servers as Aspire executable resources.</summary>
    Local,
}

public static class InfrastructureModeResolver
{
    public const string ConfigurationKey = "Infrastructure:Mode";

    /// <summary>Chooses the concrete mode; <paramref name="containerRuntimeIsHealthy"/> is only asked in Auto mode.</summary>
    public static InfrastructureMode Resolve(string? configured, Func<bool> containerRuntimeIsHealthy)
    {
        var mode = Parse(configured);
        if (mode != InfrastructureMode.Auto)
        {
            return mode;
        }

        return containerRuntimeIsHealthy() ? InfrastructureMode.Containers : InfrastructureMode.Local;
    }

    public static InfrastructureMode Parse(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return InfrastructureMode.Auto;
        }

        return Enum.TryParse<InfrastructureMode>(configured.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException(
                $"'{ConfigurationKey}' is '{configured}'; expected one of {string.Join(", ", Enum.GetNames<InfrastructureMode>())}.");
    }

    /// <summary>True when `docker info` or `podman info` succeeds within a few seconds.</summary>
    public static bool ContainerRuntimeIsHealthy()
    {
        return Succeeds("docker") || Succeeds("podman");

        static bool Succeeds(string runtime)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(runtime, "info")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null)
                {
                    return false;
                }

                if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    process.Kill(entireProcessTree: true);
                    return false;
                }

                return process.ExitCode == 0;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false; // not installed
            }
        }
    }
}
