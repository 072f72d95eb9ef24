using System.Net;
using System.Net.Http.Json;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.Registrations;

[Collection(ServersCollection.Name)]
public class RegistrationChangeTests(ServersFixture fixture)
{
    [Fact]
    public async Task An_edit_replaces_sub_services_and_proofs_and_keeps_the_payment_state()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (_, provider) = await host.AddPersonAsync(Roles.Provider);
        var id = await provider.RegisteredAsync("painting", RegistrationDriver.Body(("room-painting", 800m), ("wall-striking", 300m)));

        var edit = RegistrationDriver.Body([("full-house-painting", 25000m)], proofs: [], years: 9, city: "Mysuru");
        var response = await provider.PutAsJsonAsync("/api/services/painting/providers", edit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UpdateRegistration.Message, (await response.JsonAsync()).GetProperty("message").GetString());
        var mine = (await provider.GetJsonAsync("/api/services/my-registrations")).GetProperty("data").GetProperty("registeredServices")[0];
        Assert.Equal(id, mine.GetProperty("provider_service_id").GetGuid());
        Assert.Equal("pending", mine.GetProperty("payment_status").GetString());
        Assert.Equal(0, mine.GetProperty("working_proof_urls").GetArrayLength());
        Assert.Equal(9, mine.GetProperty("years_of_experience").GetInt32());
        Assert.Equal("Mysuru", mine.GetProperty("city").GetString());
        var sub = Assert.Single(mine.GetProperty("sub_services").EnumerateArray());
        Assert.Equal("full-house-painting", sub.GetProperty("serviceId").GetString());
        Assert.Equal("full-house-painting", sub.GetProperty("service_id").GetString());
        Assert.Equal(25000m, mine.GetProperty("pricing").GetProperty("maxPrice").GetDecimal());
        Assert.Equal(1, await host.QueryAsync(db => db.ProviderProfiles.CountAsync()));

        var notRegistered = await provider.PutAsJsonAsync("/api/services/plumber/providers", RegistrationDriver.Body(("tap-installation", 1m)));
        Assert.Equal(HttpStatusCode.NotFound, notRegistered.StatusCode);
    }

    [Fact]
    public async Task Only_a_labour_registration_without_open_bookings_can_be_cancelled()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (providerId, provider) = await host.AddPersonAsync(Roles.Provider);
        var (customerId, _) = await host.AddPersonAsync(Roles.User);
        var labour = await provider.RegisteredAsync("labor", RegistrationDriver.Body(("per-hour-charges", 300m)));
        var plumbing = await provider.RegisteredAsync("plumber");

        var paid = await provider.DeleteAsync($"/api/services/my-registrations/{plumbing}");
        Assert.Equal(HttpStatusCode.Forbidden, paid.StatusCode);
        Assert.Equal(DeleteRegistration.LabourOnly, (await paid.JsonAsync()).GetProperty("message").GetString());

        var booking = await AddBookingAsync(host, customerId, providerId, labour, BookingStatuses.Pending);
        var blocked = await provider.DeleteAsync($"/api/services/my-registrations/{labour}");
        Assert.Equal(HttpStatusCode.BadRequest, blocked.StatusCode);
        Assert.Equal(DeleteRegistration.OpenBookings, (await blocked.JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await provider.DeleteAsync($"/api/providers/services/{labour}")).StatusCode);

        await host.ExecuteAsync(db => db.Bookings.Where(b => b.Id == booking).ExecuteUpdate(s => s.SetProperty(b => b.Status, BookingStatuses.Completed)));
        Assert.Equal(HttpStatusCode.OK, (await provider.DeleteAsync($"/api/services/my-registrations/{labour}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await provider.DeleteAsync($"/api/providers/services/{plumbing}")).StatusCode);
        Assert.Equal(0, await host.QueryAsync(db => db.Registrations.CountAsync()));
        var kept = await host.QueryAsync(db => db.Bookings.SingleAsync(b => b.Id == booking));
        Assert.Null(kept.ProviderServiceId);
    }

    [Fact]
    public async Task The_provider_profile_routes_show_and_edit_the_one_profile()
    {
        await using var host = await RegistrationDriver.StartAsync(fixture);
        var (_, provider) = await host.AddPersonAsync(Roles.Provider, "Meera Nair");
        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync("/api/providers/profile")).StatusCode);
        await provider.RegisteredAsync("plumber");
        await provider.RegisteredAsync("electrician", RegistrationDriver.Body(("wiring", 400m)));

        var edited = await provider.PutAsJsonAsync("/api/providers/profile", new { yearsOfExperience = 12, serviceDescription = "Wiring and plumbing, 12 years" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var tooShort = await provider.PutAsJsonAsync("/api/providers/profile", new { serviceDescription = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);

        var profile = (await provider.GetJsonAsync("/api/providers/profile")).GetProperty("data").GetProperty("profile");
        Assert.Equal("Meera Nair", profile.GetProperty("full_name").GetString());
        Assert.Equal(12, profile.GetProperty("years_of_experience").GetInt32());
        Assert.Equal("Bengaluru, Karnataka", profile.GetProperty("location").GetString());
        var services = (await provider.GetJsonAsync("/api/providers/services?limit=1")).GetProperty("data");
        Assert.Equal(2, services.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.True(services.GetProperty("services")[0].GetProperty("is_paid").GetBoolean());
    }

    private static async Task<Guid> AddBookingAsync(BookingsHost host, Guid customerId, Guid providerUserId, Guid registrationId, string status)
    {
        var registration = await host.RegistrationAsync(registrationId);
        var id = Guid.NewGuid();
        var now = host.Clock.GetUtcNow();
        await host.ExecuteAsync(db => db.Bookings.Add(new Booking
        {
            Id = id,
            UserId = customerId,
            ProviderServiceId = registrationId,
            ProviderId = registration.ProviderId,
            ProviderUserId = providerUserId,
            ServiceId = registration.ServiceId,
            ServiceName = "labors",
            SelectedService = "per-hour-charges",
            AppointmentDate = host.Today().AddDays(3),
            AppointmentTime = "10:00 AM",
            AppointmentAt = now.AddDays(3),
            Status = status,
            CustomerName = "Asha Rao",
            CreatedAt = now,
            UpdatedAt = now,
        }));
        return id;
    }

    internal static Task<Guid> BookAsync(BookingsHost host, Guid customerId, Guid providerUserId, Guid registrationId, string status)
        => AddBookingAsync(host, customerId, providerUserId, registrationId, status);
}
