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
            Assert.Matches("readinessProbe:\\n(?:[ ]{10,}.*\\n)*?[ ]{10,}path: /alive", deployment); // local checks only: no cascade when a dependency blinks
            Assert.Matches("livenessProbe:\\n(?:[ ]{10,}.*\\n)*?[ ]{10,}path: /alive", deployment);
            Assert.Contains("limits:", deployment, StringComparison.Ordinal);
            Assert.Contains("runAsNonRoot: true", deployment, StringComparison.Ordinal);
            Assert.Contains("- ALL", deployment, StringComparison.Ordinal);
            Assert.Equal(component is "gateway" or "bookings", !deployment.Contains("\n  replicas:", StringComparison.Ordinal)); // the autoscaler owns it
            Assert.Contains("requests:", deployment, StringComparison.Ordinal);
            Assert.Contains($"namespace: {ns}", deployment, StringComparison.Ordinal);
            Assert.Matches("name: buildxpert-config-[a-z0-9]+", deployment); // the generated ConfigMap, by its hashed name
            Assert.Single(documents, d => KindOf(d) == "Service" && NameIs(d, component));
            Assert.Contains("maxUnavailable: 1", Assert.Single(documents, d => KindOf(d) == "PodDisruptionBudget" && NameIs(d, component)), StringComparison.Ordinal);
        }

        Assert.Equal(["bookings", "gateway"], documents.Where(d => KindOf(d) == "HorizontalPodAutoscaler").Select(NameOf).Order());
        Assert.Single(documents, d => KindOf(d) == "ConfigMap" && d.Contains("grafana_dashboard"));
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", yaml, StringComparison.Ordinal);
        Assert.Contains("Paytm__ApiBaseUrl", yaml, StringComparison.Ordinal); // required by Payments at start-up
        Assert.Contains("Sms__Twilio__AuthToken", yaml, StringComparison.Ordinal); // required by Notifications outside Development
        Assert.Single(documents, d => KindOf(d) == "NetworkPolicy");
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
        var root = GatewayConfigurationTests.RepositoryRoot();

        Process kubectlProcess;
        try
        {
            kubectlProcess = Process.Start(new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(root, "deploy", "overlays", overlay)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("kubectl is required: apt-get install kubernetes-client (test.sh installs it)");
        }

        using var kubectl = kubectlProcess;
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
