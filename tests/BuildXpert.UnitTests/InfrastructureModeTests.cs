using BuildXpert.AppHost;

namespace BuildXpert.UnitTests;

public class InfrastructureModeTests
{
    [Theory]
    [InlineData(true, InfrastructureMode.Containers)]
    [InlineData(false, InfrastructureMode.Local)]
    public void Auto_uses_containers_only_when_a_runtime_is_healthy(bool healthy, InfrastructureMode expected)
    {
        Assert.Equal(expected, InfrastructureModeResolver.Resolve("Auto", () => healthy));
        Assert.Equal(expected, InfrastructureModeResolver.Resolve(null, () => healthy));
    }

    [Theory]
    [InlineData("Local", InfrastructureMode.Local)]
    [InlineData("local", InfrastructureMode.Local)]
    [InlineData("Containers", InfrastructureMode.Containers)]
    public void A_forced_mode_never_probes_the_runtime(string configured, InfrastructureMode expected)
    {
        Assert.Equal(expected, InfrastructureModeResolver.Resolve(configured, () => throw new InvalidOperationException("probed")));
    }

    [Fact]
    public void An_unknown_mode_is_a_clear_start_up_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureModeResolver.Resolve("Kubernetes", () => true));

        Assert.Contains("Infrastructure:Mode", error.Message);
        Assert.Contains("Local", error.Message);
    }
}
