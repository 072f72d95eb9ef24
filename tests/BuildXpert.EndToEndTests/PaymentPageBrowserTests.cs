using System.Net;
using System.Text.Json;
using BuildXpert.Testing;
using Microsoft.Playwright;

namespace BuildXpert.EndToEndTests;

/// <summary>
/// The provider app's WebView, played by headless Chromium (Debian's /usr/bin/chromium driven by Playwright): it opens
/// <c>paytmUrl</c> with a plain GET, lands on the sandbox's payment page, pays, and is posted back to our callback URL,
/// where the app would close the WebView; the registration becomes active.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class PaymentPageBrowserTests(SystemFixture system)
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly Accounts _accounts = new(system.Gateway);

    [Fact]
    public async Task A_provider_pays_on_the_payment_page_in_a_real_browser_and_the_registration_activates()
    {
        var provider = await _accounts.SignUpAsync(Accounts.NewPhone(), "provider");
        var registered = await _accounts.PostAsync("/api/services/electrician/providers", new
        {
            yearsOfExperience = 6,
            serviceDescription = "Wiring, switchboards and fans installed safely.",
            state = "Kerala",
            city = "Kochi",
            fullAddress = "3 Marine Drive, Kochi 682031",
            workingProofUrls = new[] { "https://example.com/proof.jpg" },
            isEngineeringProvider = false,
            subServices = new object[] { new { serviceId = "fan-installation", price = 300 } },
        }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.Created, registered.Status);
        var registrationId = registered.Body.GetProperty("data").GetProperty("providerService").GetProperty("id").GetString()!;
        var initiated = await _accounts.PostAsync("/api/payments/initiate-paytm",
            new { providerServiceId = registrationId, amount = "99", serviceCategory = "electrician", serviceName = "Electrician" }, provider.AccessToken);
        Assert.Equal(HttpStatusCode.OK, initiated.Status);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(60_000); // Chromium shares the 2 cores with the whole system under the full suite
        await page.GotoAsync(initiated.Body.GetProperty("paytmUrl").GetString()!); // our checkout page posts itself to Paytm's page
        await page.WaitForSelectorAsync("#pay-success");
        await page.ClickAsync("#pay-success");
        if (!await ReachedAsync(page, TimeSpan.FromSeconds(20)))
        {
            // Once, under the whole suite, the sandbox's result page did not auto-submit in time; a payer would press its
            // own "Continue to the merchant" button, so the test does too, and says where the browser was if that fails.
            var stuckAt = page.Url;
            if (await page.QuerySelectorAsync("#paytm-callback button") is { } button)
            {
                await button.ClickAsync();
            }

            Assert.True(await ReachedAsync(page, TimeSpan.FromSeconds(30)), $"the browser stayed at {stuckAt}: {await page.ContentAsync()}");
        }

        Assert.Contains("Payment processed", await page.ContentAsync(), StringComparison.Ordinal);

        await Poller.UntilAsync(async () =>
            {
                var mine = (await _accounts.SendAsync(HttpMethod.Get, "/api/services/my-registrations", token: provider.AccessToken)).Body;
                return mine.GetProperty("data").GetProperty("registeredServices").EnumerateArray()
                    .Single(r => r.GetProperty("provider_service_id").GetString() == registrationId).GetProperty("payment_status").GetString();
            },
            status => status == "active", TimeSpan.FromSeconds(20), "the registration activated");
    }

    private static async Task<bool> ReachedAsync(IPage page, TimeSpan timeout)
    {
        try
        {
            await page.WaitForURLAsync("**/api/payments/payment-complete", new() { Timeout = (float)timeout.TotalMilliseconds });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
