using System.Reflection;
using System.Text.Json;
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

    /// <summary>What a service may reference among our projects: cross-cutting wiring, the event records, the building blocks.</summary>
    private static readonly string[] SharedProjects =
        ["BuildXpert.ServiceDefaults", "BuildXpert.Contracts", "BuildXpert.Messaging", "BuildXpert.Persistence", "BuildXpert.Paytm", "BuildXpert.Images"];

    private static readonly string[] DataAndMessaging =
        ["Microsoft.EntityFrameworkCore", "Npgsql", "MassTransit", "BuildXpert.Messaging", "BuildXpert.Persistence"];

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
    public void A_service_references_only_ServiceDefaults_Contracts_and_the_building_blocks_among_our_projects(int index)
    {
        var ours = ServiceAssemblies[index].GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("BuildXpert.", StringComparison.Ordinal) || n.StartsWith("Services.", StringComparison.Ordinal) || n == "Gateway")
            .Order();

        Assert.All(ours, name => Assert.Contains(name, SharedProjects));
    }

    [Fact]
    public void The_gateway_references_neither_EF_Core_nor_Npgsql_nor_MassTransit()
    {
        var gateway = typeof(BuildXpert.Gateway.GatewayModule).Assembly;

        Assert.Empty(ForbiddenLibraries("Gateway"));
        var result = Types.InAssembly(gateway).ShouldNot().HaveDependencyOnAny(DataAndMessaging).GetResult();
        Assert.True(result.IsSuccessful, $"Gateway uses {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void ServiceDefaults_references_neither_EF_Core_nor_Npgsql_nor_MassTransit()
    {
        var result = Types.InAssembly(typeof(BuildXpert.ServiceDefaults.Extensions).Assembly)
            .ShouldNot().HaveDependencyOnAny(DataAndMessaging).GetResult();

        Assert.True(result.IsSuccessful, $"ServiceDefaults uses {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    /// <summary>
    /// Libraries in the gateway's dependency closure (its deps.json, what <c>dotnet list package --include-transitive</c>
    /// shows) that would bring a database or the broker into the process.
    /// </summary>
    private static string[] ForbiddenLibraries(string project)
    {
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, $"{project}.deps.json")));
        return
        [
            .. deps.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0])
                .Where(name => DataAndMessaging.Any(ns => name.StartsWith(ns, StringComparison.Ordinal))),
        ];
    }

    [Fact]
    public void Contracts_depend_on_nothing_of_ours()
    {
        var result = Types.InAssembly(typeof(BuildXpert.Contracts.IIntegrationEvent).Assembly)
            .ShouldNot().HaveDependencyOnAny([.. ServiceNamespaces, .. SharedProjects.Where(p => p != "BuildXpert.Contracts")]).GetResult();

        Assert.True(result.IsSuccessful);
    }
}
