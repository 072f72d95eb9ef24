using System.Reflection;
using NetArchTest.Rules;

namespace BuildXpert.UnitTests;

public class ArchitectureTests
{
    private static readonly Assembly[] ServiceAssemblies =
    [
        typeof(BuildXpert.Identity.IdentityModule).Assembly,
        typeof(BuildXpert.Bookings.BookingsModule).Assembly,
        typeof(BuildXpert.Payments.PaymentsModule).Assembly,
        typeof(BuildXpert.Notifications.NotificationsModule).Assembly,
    ];

    private static readonly string[] ServiceNamespaces =
        ["BuildXpert.Identity", "BuildXpert.Bookings", "BuildXpert.Payments", "BuildXpert.Notifications", "BuildXpert.Gateway"];

    public static TheoryData<int> Services => new(Enumerable.Range(0, ServiceAssemblies.Length));

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_depends_on_no_other_service(int index)
    {
        var assembly = ServiceAssemblies[index];
        var own = assembly.GetTypes().Select(t => t.Namespace).OfType<string>().First(n => n.StartsWith("BuildXpert.", StringComparison.Ordinal)).Split('.')[1];
        var others = ServiceNamespaces.Where(n => n != $"BuildXpert.{own}").ToArray();

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful, $"{assembly.GetName().Name} uses {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_references_only_ServiceDefaults_and_Contracts_among_our_projects(int index)
    {
        var ours = ServiceAssemblies[index].GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("BuildXpert.", StringComparison.Ordinal) || n.StartsWith("Services.", StringComparison.Ordinal) || n == "Gateway")
            .Order();

        Assert.All(ours, name => Assert.Contains(name, new[] { "BuildXpert.ServiceDefaults", "BuildXpert.Contracts" }));
    }

    [Fact]
    public void Contracts_depend_on_nothing_of_ours()
    {
        var result = Types.InAssembly(typeof(BuildXpert.Contracts.IIntegrationEvent).Assembly)
            .ShouldNot().HaveDependencyOnAny([.. ServiceNamespaces, "BuildXpert.ServiceDefaults"]).GetResult();

        Assert.True(result.IsSuccessful);
    }
}
