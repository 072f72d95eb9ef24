using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BuildXpert.UnitTests;

/// <summary>
/// The Kubernetes manifests under deploy/ render with <c>kubectl kustomize</c> (test.sh installs Debian's
/// kubernetes-client when no kubectl is present) into what docs/deployment.md promises for each overlay.
/// </summary>
public partial class DeploymentManifestTests
{
    private static readonly string[] Components = ["gateway", "identity", "bookings", "payments", "notifications"];

    [Theory]
    [InlineData("local", "buildxpert-local")]
    [InlineData("production", "buildxpert")]
    public void Each_overlay_renders_every_component_with_probes_limits_budgets_and_autoscalers(string overlay, string ns)
    {
        var yaml = Render(overlay);
        var documents = yaml.Split("\n---\n");

        foreach (var component in Components)
        {
            var deployment = Assert.Single(documents, d => KindOf(d) == "Deployment" && NameIs(d, component));
            Assert.Contains("path: /health", deployment, StringComparison.Ordinal);
            Assert.Contains("path: /alive", deployment, StringComparison.Ordinal);
            Assert.Contains("limits:", deployment, StringComparison.Ordinal);
            Assert.Contains("requests:", deployment, StringComparison.Ordinal);
            Assert.Contains($"namespace: {ns}", deployment, StringComparison.Ordinal);
            Assert.Matches("name: buildxpert-config-[a-z0-9]+", deployment); // the generated ConfigMap, by its hashed name
            Assert.Single(documents, d => KindOf(d) == "Service" && NameIs(d, component));
            Assert.Single(documents, d => KindOf(d) == "PodDisruptionBudget" && NameIs(d, component));
        }

        Assert.Equal(["bookings", "gateway"], documents.Where(d => KindOf(d) == "HorizontalPodAutoscaler").Select(NameOf).Order());
        Assert.Single(documents, d => KindOf(d) == "ConfigMap" && d.Contains("grafana_dashboard"));
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_keeps_its_secrets_out_of_the_repository_and_local_generates_development_ones()
    {
        Assert.DoesNotContain("kind: Secret", Render("production"), StringComparison.Ordinal);
        Assert.Matches("name: buildxpert-secrets-[a-z0-9]+", Render("local"));
    }

    private static bool NameIs(string document, string name) => NameOf(document) == name;

    private static string KindOf(string document) => Kind().Match(document).Groups[1].Value;

    private static string NameOf(string document) => MetadataName().Match(document).Groups[1].Value;

    private static string Render(string overlay)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "BuildXpert.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("BuildXpert.sln not found");
        }

        using var kubectl = Process.Start(new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(root, "deploy", "overlays", overlay)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = kubectl.StandardOutput.ReadToEndAsync();
        var errors = kubectl.StandardError.ReadToEndAsync();
        Assert.True(kubectl.WaitForExit(TimeSpan.FromMinutes(1)), "kubectl kustomize did not finish");
        Assert.True(kubectl.ExitCode == 0, errors.Result);
        return output.Result;
    }

    [GeneratedRegex("(?m)^kind: (\\w+)$")]
    private static partial Regex Kind();

    [GeneratedRegex("(?m)^metadata:\\n(?:  .*\\n)*?  name: ([a-z0-9-]+)")]
    private static partial Regex MetadataName();
}
