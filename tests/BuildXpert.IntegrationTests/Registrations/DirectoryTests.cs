using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.IntegrationTests.Messaging;
using BuildXpert.Messaging;
using BuildXpert.Testing;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.Registrations;

[Collection(ServersCollection.Name)]
public class DirectoryTests(ServersFixture fixture)
{
    [Fact]
    public async Task The_newest_profile_event_wins_whatever_order_the_events_arrive_in()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        using var duplicates = new DuplicateCounter();
        var userId = Guid.NewGuid();
        var t0 = host.Clock.GetUtcNow();

        var registered = new UserRegistered(Guid.NewGuid(), t0, userId, "Asha", "9876543210", null, Roles.Provider);
        await host.PublishAsync(new UserProfileChanged(Guid.NewGuid(), t0.AddMinutes(2), userId, "Asha Rao", "9876543210", "a@x.in", Roles.Provider, "https://img/2.jpg"));
        await host.PublishAsync(new UserProfileChanged(Guid.NewGuid(), t0.AddMinutes(1), userId, "Asha Old", "9876543210", null, Roles.Provider, "https://img/1.jpg"));
        await host.PublishAsync(registered);
        await host.PublishAsync(registered);

        await Poller.UntilAsync(() => Task.FromResult(duplicates.Count), n => n >= 1, TimeSpan.FromSeconds(30), "the redelivery skipped");
        await Poller.UntilAsync(() => host.QueryAsync(db => db.Set<InboxMessage>().CountAsync()), n => n >= 3, TimeSpan.FromSeconds(30), "every event handled");
        var person = await host.QueryAsync(db => db.People.AsNoTracking().SingleAsync(p => p.UserId == userId));
        Assert.Equal("Asha Rao", person.FullName);
        Assert.Equal("https://img/2.jpg", person.ProfilePicUrl);
        Assert.Equal(t0.AddMinutes(2), person.Version, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_deleted_provider_leaves_the_listings_and_keeps_their_name_for_history()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider, "Gone Provider");
        var anonymous = host.ClientFor(Guid.NewGuid(), null);
        var labors = await host.ServiceIdAsync("labors");
        var id = await provider.RegisteredAsync("labor", RegistrationDriver.Body(("per-hour-charges", 300m)));
        Assert.Equal([id], await anonymous.PublicListAsync(labors));

        await host.PublishAsync(new UserDeleted(Guid.NewGuid(), host.Clock.GetUtcNow(), providerId, "9876543210", null, Roles.Provider, false));

        await Poller.UntilAsync(() => host.QueryAsync(db => db.Registrations.CountAsync()), n => n == 0, TimeSpan.FromSeconds(30), "the registration removed");
        Assert.Empty(await Poller.UntilAsync(() => anonymous.PublicListAsync(labors), l => l.Count == 0, TimeSpan.FromSeconds(10), "the listing emptied"));
        var person = await host.QueryAsync(db => db.People.AsNoTracking().SingleAsync(p => p.UserId == providerId));
        Assert.True(person.IsDeleted);
        Assert.Equal("Gone Provider", person.FullName);
        Assert.Equal(0, await host.QueryAsync(db => db.ProviderProfiles.CountAsync()));
    }
}
