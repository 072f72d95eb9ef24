using System.Net;
using BuildXpert.Bookings.LabourAccess;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.IntegrationTests.Messaging;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.Registrations;

[Collection(ServersCollection.Name)]
public class RegistrationLifecycleTests(ServersFixture fixture)
{
    [Fact]
    public async Task A_paid_registration_is_pending_and_unlisted_until_paid_and_each_payment_adds_30_days_once()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider, "Ravi Kumar");
        var anonymous = host.ClientFor(Guid.NewGuid(), null);
        var plumber = await host.ServiceIdAsync("plumber");
        var today = host.Today();

        var response = await provider.RegisterAsync("plumber", RegistrationDriver.Body(("tap-installation", 500m), ("shower-installation", 1500m)));
        var created = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(RegisterForCategory.PaidMessage, created.GetProperty("message").GetString());
        Assert.False(created.GetProperty("data").GetProperty("isFreeService").GetBoolean());
        var row = created.GetProperty("data").GetProperty("providerService");
        Assert.Equal("pending", row.GetProperty("payment_status").GetString());
        Assert.Equal(99m, row.GetProperty("pricingPlan").GetProperty("price").GetDecimal());
        var id = row.GetProperty("id").GetGuid();
        Assert.Empty(await anonymous.PublicListAsync(plumber));

        using var duplicates = new DuplicateCounter();
        var payment = RegistrationDriver.RegistrationPayment(providerId, id, host.Clock.GetUtcNow());
        await host.PublishAsync(payment);
        await host.PublishAsync(payment);
        var active = await host.UntilRegistrationAsync(id, r => r.PaymentStatus == RegistrationStatuses.Active, "activation");
        await Poller.UntilAsync(() => Task.FromResult(duplicates.Count), n => n >= 1, TimeSpan.FromSeconds(30), "the redelivery, skipped");
        active = await host.RegistrationAsync(id);
        Assert.Equal(today, active.PaymentStartDate);
        Assert.Equal(today.AddDays(30), active.PaymentEndDate);
        // The empty list was cached (for minutes); the activation's invalidation follows its commit closely.
        Assert.Equal([id], await Poller.UntilAsync(() => anonymous.PublicListAsync(plumber), l => l.Count > 0, TimeSpan.FromSeconds(10), "the listing"));

        var mine = (await provider.GetJsonAsync("/api/services/my-registrations")).GetProperty("data").GetProperty("registeredServices")[0];
        Assert.Equal("active", mine.GetProperty("payment_status").GetString());
        Assert.Equal(30, mine.GetProperty("days_until_expiry").GetInt32());
        Assert.Equal(500m, mine.GetProperty("pricing").GetProperty("minPrice").GetDecimal());
        Assert.Equal(2, mine.GetProperty("sub_services").GetArrayLength());

        // The same order again under a new message id (a callback and a verify both reporting it): no second period.
        var sameOrder = payment with { EventId = Guid.NewGuid() };
        var renewal = RegistrationDriver.RegistrationPayment(providerId, id, host.Clock.GetUtcNow());
        await host.PublishAsync(sameOrder);
        await host.PublishAsync(renewal);
        await Poller.UntilAsync(
            () => host.QueryAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM inbox WHERE message_id IN ({sameOrder.EventId}, {renewal.EventId})").SingleAsync()),
            n => n == 2, TimeSpan.FromSeconds(30), "both payments handled");
        var renewed = await host.RegistrationAsync(id);
        Assert.Equal(today, renewed.PaymentStartDate);
        Assert.Equal(today.AddDays(60), renewed.PaymentEndDate);
        var events = await host.QueryAsync(db => db.Set<BuildXpert.Messaging.OutboxMessage>().CountAsync(m => m.MessageType.Contains(nameof(ProviderRegistrationActivated))));
        Assert.Equal(2, events);
    }

    [Fact]
    public async Task A_payment_by_someone_else_activates_nothing()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (_, provider) = await host.AddPersonAsync(Roles.Provider);
        var (strangerId, _) = await host.AddPersonAsync(Roles.Provider);
        var id = await provider.RegisteredAsync("plumber");
        using var duplicates = new DuplicateCounter();

        var payment = RegistrationDriver.RegistrationPayment(strangerId, id, host.Clock.GetUtcNow());
        await host.PublishAsync(payment);
        await host.PublishAsync(payment);

        await Poller.UntilAsync(() => Task.FromResult(duplicates.Count), n => n >= 1, TimeSpan.FromSeconds(30), "both deliveries handled");
        Assert.Equal(RegistrationStatuses.Pending, (await host.RegistrationAsync(id)).PaymentStatus);
    }

    [Fact]
    public async Task A_labour_registration_is_active_for_365_days_at_once()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (_, provider) = await host.AddPersonAsync(Roles.Provider);

        var response = await provider.RegisterAsync("labor", RegistrationDriver.Body(("per-hour-charges", 300m)));
        var json = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(RegisterForCategory.FreeMessage, json.GetProperty("message").GetString());
        Assert.True(json.GetProperty("data").GetProperty("isFreeService").GetBoolean());
        var row = json.GetProperty("data").GetProperty("providerService");
        Assert.Equal("active", row.GetProperty("payment_status").GetString());
        Assert.Equal(host.Today().AddDays(365).ToString("yyyy-MM-dd"), row.GetProperty("payment_end_date").GetString());
        var labors = await host.ServiceIdAsync("labors");
        Assert.Equal([row.GetProperty("id").GetGuid()], await host.ClientFor(Guid.NewGuid(), null).PublicListAsync(labors));
        var quote = (await provider.GetJsonAsync($"/api/services/my-registrations/{row.GetProperty("id").GetGuid()}/quote")).GetProperty("data");
        Assert.Equal(0m, quote.GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task The_quote_is_the_active_plan_price_for_the_owner_only()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider);
        var (_, other) = await host.AddPersonAsync(Roles.Provider);
        var id = await provider.RegisteredAsync("plumber");
        var plan = await host.QueryAsync(db => db.Services.Where(s => s.Name == "plumber").Select(s => s.DefaultPricingPlanId).SingleAsync());

        var quote = (await provider.GetJsonAsync($"/api/services/my-registrations/{id}/quote")).GetProperty("data");

        Assert.Equal(99m, quote.GetProperty("amount").GetDecimal());
        Assert.Equal("INR", quote.GetProperty("currency").GetString());
        Assert.Equal(plan, quote.GetProperty("pricingPlanId").GetGuid());
        Assert.Equal(providerId, quote.GetProperty("ownerUserId").GetGuid());
        Assert.Equal("plumber", quote.GetProperty("serviceName").GetString());
        Assert.Equal("pending", quote.GetProperty("paymentStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/services/my-registrations/{id}/quote")).StatusCode);
    }

    [Fact]
    public async Task A_labour_payment_gives_seven_days_and_a_second_stacks_on_the_first()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (customerId, _) = await host.AddPersonAsync(Roles.User);
        var now = host.Clock.GetUtcNow();
        PaymentSucceeded Pass() => new(Guid.NewGuid(), now, $"LABOUR_{Guid.NewGuid():N}", customerId, PaymentPurposes.LabourAccess, null, 99m, "INR", "TXN");

        await host.PublishAsync(Pass());
        var first = await Poller.UntilAsync(() => host.QueryAsync(db => db.LabourAccess.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == customerId)),
            a => a is not null, TimeSpan.FromSeconds(30), "the pass");
        Assert.Equal(now.AddDays(7), first!.EndsAt, TimeSpan.FromMilliseconds(1));
        Assert.True(await host.QueryAsync(db => LabourAccessRules.HasActiveAccessAsync(db, customerId, now, default)));

        await host.PublishAsync(Pass());
        var second = await Poller.UntilAsync(() => host.QueryAsync(db => db.LabourAccess.AsNoTracking().SingleAsync(a => a.UserId == customerId)),
            a => a.EndsAt > now.AddDays(7), TimeSpan.FromSeconds(30), "the extension");
        Assert.Equal(now.AddDays(14), second.EndsAt, TimeSpan.FromMilliseconds(1));
        Assert.False(await host.QueryAsync(db => LabourAccessRules.HasActiveAccessAsync(db, customerId, now.AddDays(15), default)));
    }

    [Fact]
    public async Task A_painting_provider_is_listed_under_the_painter_tile_the_customer_app_opens()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider, "Meena Das");
        var anonymous = host.ClientFor(Guid.NewGuid(), null);
        var response = await provider.RegisterAsync("painting", RegistrationDriver.Body(("room-painting", 2000m)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.JsonAsync()).GetProperty("data").GetProperty("providerService").GetProperty("id").GetGuid();
        await host.PublishAsync(RegistrationDriver.RegistrationPayment(providerId, id, host.Clock.GetUtcNow()));
        await host.UntilRegistrationAsync(id, r => r.PaymentStatus == RegistrationStatuses.Active, "activation");

        var painter = await host.ServiceIdAsync("painter");
        Assert.Equal([id], await Poller.UntilAsync(() => anonymous.PublicListAsync(painter), l => l.Count > 0, TimeSpan.FromSeconds(10), "the painter tile's list"));
        Assert.Equal([id], await anonymous.PublicListAsync(await host.ServiceIdAsync("painting")));
        Assert.Empty(await anonymous.PublicListAsync(await host.ServiceIdAsync("plumber")));
    }
}
