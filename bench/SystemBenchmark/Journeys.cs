using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using BuildXpert.Testing;

namespace BuildXpert.Bench;

/// <summary>The multi-step journeys of the workload, as the apps make them: a sign-up with its OTP, a paid provider.</summary>
public sealed class Journeys(PatientClient client, HttpClient sandbox, ConcurrentDictionary<string, Guid> paidOrders)
{
    /// <summary>A sign-up whose OTP is read from the dev SMS route, then verified: the new account's id, access and refresh tokens.</summary>
    public async Task<(Guid Id, string Token, string Refresh)> SignUpAsync(string phone, string role)
    {
        var (status, body) = await client.SendAsync(HttpMethod.Post, "/api/auth/signup", new { fullName = "Bench Person", email = $"bench-{phone}@example.com", phone, password = "secret1", role }, null);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"signup: {(int)status} {body}");
        }

        // A sign-up retried after a 5xx or a timeout sends a fresh code: a code refused as invalid is followed by the next one.
        string? tried = null;
        for (var attempt = 0; ; attempt++)
        {
            var code = await Poller.UntilAsync(async () =>
            {
                var (smsStatus, sms) = await client.SendAsync(HttpMethod.Get, $"/api/dev/sms/latest?phone={phone}", null, null);
                return smsStatus == HttpStatusCode.OK ? sms.GetProperty("data").GetProperty("code").GetString() : null;
            }, c => c is not null && c != tried, TimeSpan.FromSeconds(20), $"the OTP SMS to {phone}", TimeSpan.FromMilliseconds(200));
            var (verified, data) = await client.SendAsync(HttpMethod.Post, "/api/auth/verify-otp", new { phone, otp = code }, null);
            if (verified == HttpStatusCode.OK)
            {
                var pair = data.GetProperty("data");
                return (Guid.Parse(pair.GetProperty("user").GetProperty("id").GetString()!), pair.GetProperty("accessToken").GetString()!, pair.GetProperty("refreshToken").GetString()!);
            }

            if (verified != HttpStatusCode.BadRequest || attempt == 2)
            {
                throw new InvalidOperationException($"verify-otp: {(int)verified} {data}");
            }

            tried = code;
        }
    }

    /// <summary>A provider who signs up, registers for plumbing and pays through the sandbox (checkout page, Paytm's success, webhook).</summary>
    public async Task<(Guid Id, string Token, Guid Registration)> PaidProviderAsync(string phone)
    {
        var (id, token, _) = await SignUpAsync(phone, "provider");
        var registration = new
        {
            yearsOfExperience = 5,
            serviceDescription = "Bench plumber",
            state = "Karnataka",
            city = "Bengaluru",
            fullAddress = "12 MG Road, Bengaluru 560001",
            workingProofUrls = new[] { "https://example.com/p.jpg" },
            isEngineeringProvider = false,
            subServices = new[] { new { serviceId = "tap-installation", price = 500 } },
        };
        var (registered, created) = await Poller.UntilAsync(() => client.SendAsync(HttpMethod.Post, "/api/services/plumber/providers", registration, token),
            r => r.Status != HttpStatusCode.Forbidden, TimeSpan.FromSeconds(20), "the registration", TimeSpan.FromMilliseconds(300));
        if (registered != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"registration: {(int)registered} {created}");
        }

        var registrationId = Guid.Parse(created.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!);
        await PayAsync(token, registrationId);
        await Poller.UntilAsync(async () => (await client.SendAsync(HttpMethod.Get, $"/api/public/provider-service/{registrationId}", null, null)).Status,
            s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the paid registration listed", TimeSpan.FromMilliseconds(300));
        return (id, token, registrationId);
    }

    /// <summary>
    /// A provider pays 30 days for a registration through the sandbox: initiate, the checkout page (which asks Paytm for
    /// the txnToken), Paytm's success and its webhook. For an active registration this is a renewal (the days stack).
    /// </summary>
    public async Task PayAsync(string token, Guid registrationId)
    {
        var (initiated, order) = await client.SendAsync(HttpMethod.Post, "/api/payments/initiate-paytm",
            new { providerServiceId = registrationId, amount = "99", serviceCategory = "plumber", serviceName = "Plumber" }, token);
        if (initiated != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"initiate: {(int)initiated} {order}");
        }

        var orderId = order.GetProperty("orderId").GetString()!;
        using (var browser = new HttpClient())
        {
            (await browser.GetAsync(new Uri(order.GetProperty("paytmUrl").GetString()!))).EnsureSuccessStatusCode(); // asks Paytm for the txnToken
        }

        (await sandbox.PostAsJsonAsync($"/sandbox/orders/{orderId}/complete", new { status = "TXN_SUCCESS", webhook = true })).EnsureSuccessStatusCode();
        paidOrders[orderId] = registrationId;
    }
}
