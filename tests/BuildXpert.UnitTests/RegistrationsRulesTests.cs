using BuildXpert.Bookings.Images;
using BuildXpert.Bookings.LabourAccess;
using BuildXpert.Bookings.Listings;
using BuildXpert.Bookings.Registrations;
using BuildXpert.Images;

namespace BuildXpert.UnitTests;

public class RegistrationsRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    [Fact]
    public void A_payment_on_a_running_registration_stacks_30_days_on_its_end_and_keeps_its_start()
        => Assert.Equal(new RenewalWindow(Today.AddDays(-20), Today.AddDays(40)),
            RenewalWindow.AfterPayment(RegistrationStatuses.Active, Today.AddDays(-20), Today.AddDays(10), Today));

    [Fact]
    public void A_registration_ending_today_still_stacks()
        => Assert.Equal(Today.AddDays(30), RenewalWindow.AfterPayment(RegistrationStatuses.Active, Today.AddDays(-30), Today, Today).End);

    [Theory]
    [InlineData(RegistrationStatuses.Pending, null)]
    [InlineData(RegistrationStatuses.Expired, -3)]
    [InlineData(RegistrationStatuses.Active, -1)]
    public void Otherwise_a_payment_starts_30_days_from_today(string status, int? endOffset)
        => Assert.Equal(new RenewalWindow(Today, Today.AddDays(30)),
            RenewalWindow.AfterPayment(status, Today.AddDays(-40), endOffset is { } d ? Today.AddDays(d) : null, Today));

    [Fact]
    public void The_free_category_runs_365_days_and_days_until_expiry_counts_whole_days()
    {
        Assert.Equal(new RenewalWindow(Today, Today.AddDays(365)), RenewalWindow.Free(Today));
        Assert.Equal(2, RenewalWindow.DaysUntilExpiry(Today.AddDays(2), Today));
        Assert.Equal(-1, RenewalWindow.DaysUntilExpiry(Today.AddDays(-1), Today));
        Assert.Null(RenewalWindow.DaysUntilExpiry(null, Today));
        Assert.True(RenewalWindow.IsListed(RegistrationStatuses.Active, Today, Today));
        Assert.False(RenewalWindow.IsListed(RegistrationStatuses.Active, Today.AddDays(-1), Today));
    }

    [Fact]
    public void Today_is_the_india_date()
    {
        Assert.Equal(new DateOnly(2026, 12, 2), IndiaCalendar.Today(new FixedClock(new DateTimeOffset(2026, 12, 1, 18, 30, 0, TimeSpan.Zero))));
        Assert.Equal(new DateOnly(2026, 12, 1), IndiaCalendar.Today(new FixedClock(new DateTimeOffset(2026, 12, 1, 18, 29, 59, TimeSpan.Zero))));
    }

    [Fact]
    public void A_labour_pass_is_7_days_stacking_on_a_running_one()
    {
        var now = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal((now, now.AddDays(7)), LabourAccessRules.Extend(null, null, now));
        Assert.Equal((now.AddDays(-2), now.AddDays(12)), LabourAccessRules.Extend(now.AddDays(-2), now.AddDays(5), now));
        Assert.Equal((now, now.AddDays(7)), LabourAccessRules.Extend(now.AddDays(-9), now.AddDays(-2), now));
    }

    [Fact]
    public void App_category_ids_map_to_catalogue_names_and_every_category_has_sub_services()
    {
        Assert.Equal("labors", CategoryMap.ServiceName("labor"));
        Assert.Equal("painting", CategoryMap.ServiceName("painter"));
        Assert.Equal("painting", CategoryMap.ServiceName("Painting-Cleaning"));
        Assert.Null(CategoryMap.ServiceName("unknown"));
        Assert.All(CategoryMap.CategoryIds, id => Assert.NotEmpty(CategoryMap.AllowedSubServices(id)));
        Assert.Contains("wiring", CategoryMap.AllowedSubServices("electrician"));
        Assert.Contains("modular-kitchen", CategoryMap.AllowedSubServices("carpenter"));
        Assert.Equal("A to Z Plumbing Contract", CategoryMap.Label("a-to-z-plumbing-contract"));
        Assert.Equal("3D House Elevation", CategoryMap.Label("3d-house-elevation"));
    }

    [Fact]
    public void Sub_service_problems_are_numbered_from_one()
    {
        var allowed = CategoryMap.AllowedSubServices("plumber");
        Assert.Empty(SubServiceRules.Problems(allowed, [new("tap-installation", 500m)]));
        Assert.Equal(["At least one sub-service is required"], SubServiceRules.Problems(allowed, []));
        Assert.Equal(
            ["Sub-service 2: 'room-painting' is not offered in this category", "Sub-service 3: 'tap-installation' is listed more than once",
             "Sub-service 3: price must be between 0.01 and 1000000", "Sub-service 4: price is required"],
            SubServiceRules.Problems(allowed, [new("tap-installation", 1m), new("room-painting", 1m), new("tap-installation", 0.004m), new("shower-installation", null)]));
        Assert.Single(SubServiceRules.Problems(allowed, [.. Enumerable.Repeat(new SubServiceRequest("tap-installation", 1m), 21)]));
    }

    [Theory]
    [InlineData("Bengaluru", "Karnataka", "bangalore", "KARNATAKA", LocationRank.SameCity)]
    [InlineData("Bombay", null, "Mumbai", "Maharashtra", LocationRank.SameCity)]
    [InlineData("Bengaluru", "Karnataka", "Mysuru", "Karnataka", LocationRank.SameState)]
    [InlineData("Chennai", "Karnataka", "Chennai", "Tamil Nadu", LocationRank.Elsewhere)]
    [InlineData(null, null, "Chennai", "Tamil Nadu", LocationRank.Elsewhere)]
    [InlineData("Puna", "Maharashtra", "pune", "maharashtra", LocationRank.SameCity)]
    public void Location_rank_prefers_the_same_city_then_the_same_state(string? userCity, string? userState, string city, string state, int rank)
        => Assert.Equal(rank, LocationRank.Of(userCity, userState, city, state));

    [Fact]
    public void Inline_images_must_be_what_they_claim_and_at_most_5_mb()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0];
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0];
        Assert.True(InlineImage.TryParse($"data:image/png;base64,{Convert.ToBase64String(png)}", out var image, out _));
        Assert.Equal("image/png", image.ContentType);
        Assert.True(InlineImage.TryParse($"data:image/jpg;base64,{Convert.ToBase64String(jpeg)}", out var jpg, out _));
        Assert.Equal("image/jpeg", jpg.ContentType);
        Assert.False(InlineImage.TryParse($"data:image/png;base64,{Convert.ToBase64String(jpeg)}", out _, out _));
        Assert.False(InlineImage.TryParse("data:image/svg+xml;base64,PHN2Zz4=", out _, out _));
        Assert.False(InlineImage.TryParse("data:image/png;base64,not base64!", out _, out _));
        var big = new byte[InlineImage.MaxBytes + 1];
        png.CopyTo(big, 0);
        Assert.False(InlineImage.TryParse($"data:image/png;base64,{Convert.ToBase64String(big)}", out _, out var error));
        Assert.Contains("5 MB", error);
        Assert.Null(ImageReference.Problem("https://example.com/a.jpg"));
        Assert.NotNull(ImageReference.Problem("http://example.com/a.jpg"));
        Assert.NotNull(ImageReference.Problem("file:///tmp/a.jpg"));
    }

    [Fact]
    public void Pricing_shows_one_price_a_range_or_price_on_request()
    {
        Assert.Equal("₹500", PricingView.Of(500m, 500m, 1).DisplayPrice);
        Assert.Equal("Starting from ₹500", PricingView.Of(500m, 1500m, 2).DisplayPrice);
        Assert.Equal("₹500 - ₹1,500", PricingView.Of(500m, 1500m, 2).PriceRange);
        Assert.Equal("Price on request", PricingView.Of(null, null, 0).DisplayPrice);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Theory]
    [InlineData("http://localhost:5000/api/public/uploads/working-proofs/0193f3a26c1e7b7d9a553c2f1e0d9b11/0193f3a26c1e7b7d9a553c2f1e0d9b12.jpg", true)]
    [InlineData("/api/public/uploads/certificates/0193f3a26c1e7b7d9a553c2f1e0d9b11/0193f3a26c1e7b7d9a553c2f1e0d9b12-w400.png", true)]
    [InlineData("http://localhost:5000/api/public/uploads/working-proofs/0193f3a26c1e7b7d9a553c2f1e0d9b11/../../x.jpg", false)]
    [InlineData("http://localhost:5000/api/public/uploads/working-proofs/0193f3a26c1e7b7d9a553c2f1e0d9b11/0193f3a26c1e7b7d9a553c2f1e0d9b12.jpg?x=1", false)]
    [InlineData("http://example.com/proof.jpg", false)]
    [InlineData("ftp://example.com/api/public/uploads/working-proofs/0193f3a26c1e7b7d9a553c2f1e0d9b11/0193f3a26c1e7b7d9a553c2f1e0d9b12.jpg", false)]
    public void An_upload_link_may_be_sent_back_but_other_plain_http_links_are_refused(string url, bool accepted)
        => Assert.Equal(accepted, ImageReference.Problem(url) is null);
}
