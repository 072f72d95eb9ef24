using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using BuildXpert.Testing;
using SkiaSharp;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// The customer app's and the provider app's main journeys replayed call by call as
/// <c>../shared/reference/app-contract.md</c> lists them (numbers #1…#56 in the comments), through the gateway only:
/// sign-up → register and pay (provider) → browse → book → accept → call → complete → rate → notifications. Every
/// response is checked for the fields (and types, where the app calls a method on them) that the app reads.
/// </summary>
[Collection(SystemCollection.Name)]
public partial class AppJourneyReplayTests(SystemFixture system)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task Both_apps_main_journeys_work_call_by_call_with_the_fields_each_screen_reads()
    {
        // Provider app: sign-up with the photo taken on the device (#1, #2); the profile tab (#51) has nothing before the
        // first registration (404), so the app falls back to #23.
        var provider = await SignUpAsync("provider", Photo(640, 480));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/providers/profile", provider)).Status);
        var account = await CallAsync(HttpMethod.Get, "/api/users/profile", provider);
        Reads(account, "data.user.fullName:string", "data.user.email", "data.user.phone",
            "data.user.profilePicUrl:url", "data.user.nameChangeCount:number", "data.user.location", "data.user.createdAt");
        var picture = account.GetProperty("data").GetProperty("user").GetProperty("profilePicUrl").GetString()!;
        Assert.StartsWith($"{Origin}/api/public/uploads/profile-pictures/{Guid.Parse(provider.UserId):N}/", picture); // the photo itself, stored
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync(new Uri(picture).PathAndQuery)).StatusCode);

        // Register for plumbing with a working proof photographed on the device (#54), then the services tab (#52).
        var registered = await CallAsync(HttpMethod.Post, "/api/services/plumber/providers", provider, new
        {
            yearsOfExperience = 6,
            serviceDescription = "Leaks, taps and bathroom fittings.",
            state = "Karnataka",
            city = "Bengaluru",
            fullAddress = "14 Residency Road, Bengaluru 560025",
            workingProofUrls = new[] { Photo(800, 600) },
            isEngineeringProvider = false,
            subServices = new object[] { new { serviceId = "tap-installation", price = 500 }, new { serviceId = "shower-installation", price = 800 } },
        }, HttpStatusCode.Created);
        Reads(registered, "data.providerService.id:string", "data.isFreeService:bool");
        var profile = await Poller.UntilAsync(() => CallAsync(HttpMethod.Get, "/api/providers/profile", provider),
            p => p.GetProperty("data").GetProperty("profile").GetProperty("profile_pic_url").ValueKind == JsonValueKind.String, Wait, "the sign-up picture in Bookings' directory");
        Reads(profile, "data.profile.full_name:string", "data.profile.email", "data.profile.phone", "data.profile.location:string", "data.profile.profile_pic_url:url",
            "data.profile.created_at");
        Assert.Equal(picture, profile.GetProperty("data").GetProperty("profile").GetProperty("profile_pic_url").GetString()); // from UserRegistered
        var registrationId = registered.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!;
        var mine = await MyRegistrationAsync(provider, registrationId);
        Reads(mine, "provider_service_id", "service_id", "service_name", "payment_status:string", "payment_end_date", "days_until_expiry",
            "pricing.minPrice", "pricing.maxPrice", "pricing.priceRange", "pricing.subServiceCount", "sub_services[].id", "sub_services[].serviceId",
            "sub_services[].price:number", "state", "city", "full_address", "years_of_experience", "service_description",
            "working_proof_urls[]:url", "engineering_certificate_url");
        Assert.Equal("pending", mine.GetProperty("payment_status").GetString());
        var proof = mine.GetProperty("working_proof_urls")[0].GetString()!;
        Assert.StartsWith($"{Origin}/api/public/uploads/working-proofs/{Guid.Parse(provider.UserId):N}/", proof);
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.GetAsync(new Uri(proof).PathAndQuery)).StatusCode);

        // Pay Now (#41): the WebView opens paytmUrl, the payer pays on Paytm's page, the callback closes it; verify (#42).
        var initiated = await CallAsync(HttpMethod.Post, "/api/payments/initiate-paytm", provider,
            new { providerServiceId = registrationId, amount = "99", serviceCategory = "plumber", serviceName = "Plumber" });
        Reads(initiated, "orderId:string", "paytmUrl:url", "message:string");
        var orderId = initiated.GetProperty("orderId").GetString()!;
        await PaytmPages.PayAsync(initiated.GetProperty("paytmUrl").GetString()!);
        var verified = await CallAsync(HttpMethod.Post, "/api/payments/verify-paytm", provider, new { orderId, providerServiceId = registrationId });
        Reads(verified, "status:string", "message:string");
        Assert.Equal("success", verified.GetProperty("status").GetString());
        await Poller.UntilAsync(() => MyRegistrationAsync(provider, registrationId), r => r.GetProperty("payment_status").GetString() == "active", Wait, "the registration activated");

        // Customer app: sign-up (#1, #2), the home grid (#10), the category (#11), the provider (#12), featured (#13).
        var customer = await SignUpAsync("user", profilePicUrl: null);
        var services = await CallAsync(HttpMethod.Get, "/api/public/services", null);
        Reads(services, "status:string", "data.services[].id:string", "data.services[].name:string");
        var plumber = services.GetProperty("data").GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "plumber").GetProperty("id").GetString();
        var listing = await Poller.UntilAsync(
            () => CallAsync(HttpMethod.Get, $"/api/public/services/{plumber}/providers?userCity=Bengaluru&userState=Karnataka&limit=30&page=1", null),
            l => l.GetProperty("data").GetProperty("providers").EnumerateArray().Any(p => p.GetProperty("provider_service_id").GetString() == registrationId),
            Wait, "the provider listed");
        Reads(listing, "data.pagination.total:number", "data.pagination.currentPage:number", "data.pagination.totalPages:number");
        var listed = listing.GetProperty("data").GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("provider_service_id").GetString() == registrationId);
        Assert.Equal(picture, listed.GetProperty("profile_pic_url").GetString());
        Reads(listed, "provider_service_id", "full_name:string", "service_description:string", "profile_pic_url:url", "years_of_experience:number", "city", "state",
            "averageRating:number", "totalReviews:number", "pricing.minPrice:number", "pricing.maxPrice:number", "pricing.subServiceCount:number");
        var details = await CallAsync(HttpMethod.Get, $"/api/public/provider-service/{registrationId}", null);
        Reads(details.GetProperty("data").GetProperty("provider"), "provider_service_id", "full_name:string", "profile_pic_url:url", "is_engineering_provider:bool",
            "averageRating:number", "totalReviews:number", "city", "state", "years_of_experience:number", "pricing.minPrice", "pricing.maxPrice",
            "pricing.subServiceCount", "working_proof_urls[]:url", "ratings", "service_name:string", "service_description",
            "sub_services[].serviceId:string", "sub_services[].serviceName:string", "sub_services[].price:number");
        var featured = await CallAsync(HttpMethod.Get, "/api/public/featured-providers", null);
        Reads(featured, "status:string", "data.providers");
        foreach (var card in featured.GetProperty("data").GetProperty("providers").EnumerateArray())
        {
            Reads(card, "provider_service_id", "full_name:string", "service_name", "averageRating:number", "totalReviews", "pricing.displayPrice", "working_proof_urls",
                "profile_pic_url", "service_id");
        }

        // Book a slot tomorrow (#15); the bookings tab (#16) and its badge (#17).
        var tomorrow = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(5.5)).DateTime).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var booked = await CallAsync(HttpMethod.Post, "/api/bookings", customer, new
        {
            providerServiceId = registrationId,
            selectedService = "tap-installation,shower-installation",
            selectedServices = new[] { "tap-installation", "shower-installation" },
            appointmentDate = tomorrow,
            appointmentTime = "10:00 AM",
        }, HttpStatusCode.Created);
        Reads(booked, "status:string", "message:string");
        var bookings = await CallAsync(HttpMethod.Get, "/api/bookings", customer);
        Reads(bookings, "data.pagination.total:number", "data.bookings[].id", "data.bookings[].status:string", "data.bookings[].service_name",
            "data.bookings[].provider_name:string", "data.bookings[].provider_profile_pic_url", "data.bookings[].appointment_date", "data.bookings[].appointment_time:time",
            "data.bookings[].selected_service", "data.bookings[].rating", "data.bookings[].report_reason", "data.bookings[].report_description");
        var bookingId = bookings.GetProperty("data").GetProperty("bookings")[0].GetProperty("id").GetString()!;
        Reads(await CallAsync(HttpMethod.Get, "/api/bookings/unread-count", customer), "data.unreadCount:number");

        // The provider's bookings tab: badge (#46), list (#45), mark viewed (#47), accept (#48).
        await Poller.UntilAsync(() => CallAsync(HttpMethod.Get, "/api/providers/bookings/unread-count", provider),
            b => b.GetProperty("data").GetProperty("unreadCount").GetInt32() >= 1, Wait, "the provider's unread badge");
        var incoming = await CallAsync(HttpMethod.Get, "/api/providers/bookings", provider);
        Reads(incoming, "data.bookings[].id", "data.bookings[].status:string", "data.bookings[].customer_name:string", "data.bookings[].service_name",
            "data.bookings[].selected_service", "data.bookings[].appointment_date", "data.bookings[].appointment_time:time", "data.bookings[].created_at",
            "data.bookings[].description", "data.bookings[].estimated_price", "data.bookings[].customer_address", "data.bookings[].customer_state");
        await CallAsync(HttpMethod.Put, "/api/providers/bookings/mark-all-viewed", provider);
        Reads(await CallAsync(HttpMethod.Put, $"/api/providers/bookings/{bookingId}/status", provider, new { status = "accepted" }), "status:string", "message:string");

        // The customer calls the accepted booking (#43) and the call is logged (#44).
        var call = await Poller.UntilAsync(() => SendAsync(HttpMethod.Post, "/api/calls/initiate", customer, new { bookingId, callerType = "user" }),
            c => c.Status == HttpStatusCode.OK, Wait, "the call allowed once the acceptance reached the call service");
        Reads(call.Body, "status:string", "data.bookingId", "data.callerId", "data.callerName:string", "data.receiverId", "data.receiverName:string", "data.serviceName:string");
        await CallAsync(HttpMethod.Post, "/api/calls/log", customer, new { bookingId, duration = 42, callerType = "user", status = "completed" });

        // Completed (#48), rated both ways (#21, #49); earnings (#56).
        await CallAsync(HttpMethod.Put, $"/api/providers/bookings/{bookingId}/status", provider, new { status = "completed" });
        Reads(await CallAsync(HttpMethod.Post, $"/api/bookings/{bookingId}/rate", customer, new { rating = 5, review = "Quick and tidy." }, HttpStatusCode.Created), "status:string", "message:string");
        Reads(await CallAsync(HttpMethod.Post, $"/api/providers/bookings/{bookingId}/rate-customer", provider, new { rating = 4 }, HttpStatusCode.Created), "status:string", "message:string");
        var rated = (await CallAsync(HttpMethod.Get, "/api/bookings", customer)).GetProperty("data").GetProperty("bookings")[0];
        Reads(rated, "rating.rating:number", "rating.review", "rating.created_at");
        var earnings = await CallAsync(HttpMethod.Get, "/api/earnings", provider);
        Reads(earnings, "data.earnings.thisMonth:string", "data.earnings.today:string", "data.earnings.pending:string");
        Assert.StartsWith("₹", earnings.GetProperty("data").GetProperty("earnings").GetProperty("thisMonth").GetString(), StringComparison.Ordinal);

        // Notifications: the customer's list (#27), badge (#28), history (#31), mark one (#29) and all (#30) read.
        var notes = await Poller.UntilAsync(() => CallAsync(HttpMethod.Get, "/api/notifications?page=1&limit=20", customer),
            n => n.GetProperty("data").GetProperty("notifications").EnumerateArray().Count(x => x.GetProperty("title").GetString()!.Contains("Booking", StringComparison.OrdinalIgnoreCase)) >= 3,
            Wait, "the booking notifications (created, accepted, completed)");
        Reads(notes, "data.notifications[].id", "data.notifications[].title:string", "data.notifications[].message:string", "data.notifications[].created_at",
            "data.notifications[].is_read:bool", "data.pagination.currentPage:number", "data.pagination.totalPages:number", "data.pagination.totalCount:number",
            "data.pagination.hasMore:bool");
        Assert.True((await CallAsync(HttpMethod.Get, "/api/notifications/unread-count", customer)).GetProperty("data").GetProperty("unreadCount").GetInt32() >= 3);
        var history = await CallAsync(HttpMethod.Get, "/api/notifications/history?page=1&limit=50&type=Booking", customer);
        Reads(history, "data.notifications", "data.pagination", "data.statistics.total:number", "data.statistics.unread:number", "data.statistics.booking_notifications:number");
        var first = notes.GetProperty("data").GetProperty("notifications")[0].GetProperty("id").GetString();
        await CallAsync(HttpMethod.Put, $"/api/notifications/{first}/mark-read", customer);
        await CallAsync(HttpMethod.Put, "/api/notifications/mark-all-read", customer);
        Assert.Equal(0, (await CallAsync(HttpMethod.Get, "/api/notifications/unread-count", customer)).GetProperty("data").GetProperty("unreadCount").GetInt32());
        var providerNotes = await CallAsync(HttpMethod.Get, "/api/notifications", provider);
        Reads(providerNotes, "data.notifications[].id", "data.notifications[].title:string", "data.notifications[].message:string", "data.notifications[].is_read:bool");

        // The provider's profile counts the jobs done.
        Assert.Single((await CallAsync(HttpMethod.Get, "/api/providers/bookings?status=completed", provider)).GetProperty("data").GetProperty("bookings").EnumerateArray());
    }

    private string Origin => system.Gateway.BaseAddress!.GetLeftPart(UriPartial.Authority);

    private async Task<Tokens> SignUpAsync(string role, string? profilePicUrl)
    {
        var phone = Accounts.NewPhone();
        var previous = await _accounts.LatestOtpOrNullAsync(phone);
        var started = await _accounts.PostAsync("/api/auth/signup", new { fullName = "Meera Iyer", email = $"{phone}@example.com", phone, password = Accounts.Password, role, profilePicUrl });
        Assert.True(started.Status == HttpStatusCode.OK, started.Body.ToString());
        var verified = await _accounts.PostAsync("/api/auth/verify-otp", new { phone, otp = await _accounts.OtpAsync(phone, previous) });
        Assert.True(verified.Status == HttpStatusCode.OK, verified.Body.ToString());
        Reads(verified.Body, "data.accessToken:string", "data.refreshToken:string", "data.accessTokenExpiresAt", "data.refreshTokenExpiresAt", "data.user.id", "data.user.role");
        return Accounts.Read(verified.Body);
    }

    private async Task<JsonElement> MyRegistrationAsync(Tokens provider, string registrationId)
        => (await CallAsync(HttpMethod.Get, "/api/services/my-registrations", provider)).GetProperty("data").GetProperty("registeredServices").EnumerateArray()
            .Single(r => r.GetProperty("provider_service_id").GetString() == registrationId);

    private async Task<JsonElement> CallAsync(HttpMethod method, string path, Tokens? caller, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (status, json) = await SendAsync(method, path, caller, body);
        Assert.True(status == expected, $"{method} {path}: {(int)status} {json}");
        return json;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, Tokens? caller, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (caller is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", caller.AccessToken);
        }

        using var response = await system.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>
    /// Each spec is a path the app reads (<c>a.b</c>; <c>a[]</c> is every element of a non-empty array), optionally with
    /// the type the app needs: <c>string</c>, <c>number</c>, <c>bool</c>, <c>url</c> (an absolute http(s) link, the only
    /// kind the apps show), <c>time</c> (<c>H:MM</c> with optional AM/PM).
    /// </summary>
    private static void Reads(JsonElement root, params string[] specs)
    {
        foreach (var spec in specs)
        {
            var (path, type) = spec.Split(':') is [var p, var t] ? (p, t) : (spec, null);
            foreach (var value in Resolve(root, path.Split('.'), path))
            {
                var ok = type switch
                {
                    null => true,
                    "string" => value.ValueKind == JsonValueKind.String,
                    "number" => value.ValueKind == JsonValueKind.Number,
                    "bool" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                    "url" => value.ValueKind == JsonValueKind.String && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                    "time" => value.ValueKind == JsonValueKind.String && TimeOfDay().IsMatch(value.GetString()!),
                    _ => throw new ArgumentException(spec),
                };
                Assert.True(ok, $"{path} should be a {type} but is {value.ValueKind} {value} in {root}");
            }
        }
    }

    private static IEnumerable<JsonElement> Resolve(JsonElement element, string[] parts, string path)
    {
        if (parts.Length == 0)
        {
            return [element];
        }

        var name = parts[0].TrimEnd('[', ']');
        var next = element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var found) ? found : default;
        Assert.True(next.ValueKind != JsonValueKind.Undefined, $"missing '{path}' (at '{name}') in {element}");
        if (!parts[0].EndsWith("[]", StringComparison.Ordinal))
        {
            return Resolve(next, parts[1..], path);
        }

        Assert.True(next.ValueKind == JsonValueKind.Array && next.GetArrayLength() > 0, $"'{path}' should be a non-empty array in {element}");
        return next.EnumerateArray().SelectMany(item => Resolve(item, parts[1..], path)).ToList();
    }

    /// <summary>A photo as the apps send it: a JPEG data URL.</summary>
    private static string Photo(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(200, 90, 40));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return $"data:image/jpeg;base64,{Convert.ToBase64String(data.ToArray())}";
    }

    [GeneratedRegex("^[0-9]{1,2}:[0-9]{2}( ?[AaPp][Mm])?$")]
    private static partial Regex TimeOfDay();
}
