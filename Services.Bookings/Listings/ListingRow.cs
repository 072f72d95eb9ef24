using BuildXpert.Bookings.Data;
using BuildXpert.Bookings.Ratings;
using BuildXpert.Bookings.Registrations;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Listings;

/// <summary>
/// A listed registration with its provider's profile and directory entry, its customers' rating (on read, from the
/// ratings of its bookings) and its price range: one SQL query. Listed = active and not past its end date (India).
/// </summary>
public sealed class ListingRow
{
    public Guid ProviderServiceId { get; init; }

    public Guid UserId { get; init; }

    public Guid ServiceId { get; init; }

    public string ServiceName { get; init; } = "";

    public string? FullName { get; init; }

    public string? Phone { get; init; }

    public string? ProfilePicUrl { get; init; }

    public int YearsOfExperience { get; init; }

    public string ServiceDescription { get; init; } = "";

    public bool IsEngineeringProvider { get; init; }

    public string? State { get; init; }

    public string? City { get; init; }

    public string? FullAddress { get; init; }

    public List<string> WorkingProofUrls { get; init; } = [];

    public DateOnly? PaymentStartDate { get; init; }

    public DateOnly? PaymentEndDate { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public double? AverageRating { get; init; }

    public int TotalReviews { get; init; }

    public decimal? MinPrice { get; init; }

    public decimal? MaxPrice { get; init; }

    public int SubServiceCount { get; init; }

    public static IQueryable<ListingRow> Listed(BookingsDbContext db, DateOnly today) =>
        from r in db.Registrations.AsNoTracking()
        where r.PaymentStatus == RegistrationStatuses.Active && r.PaymentEndDate >= today
        join person in db.People on r.ProviderUserId equals person.UserId into people
        from person in people.DefaultIfEmpty()
        where person == null || !person.IsDeleted
        select new ListingRow
        {
            ProviderServiceId = r.Id,
            UserId = r.ProviderUserId,
            ServiceId = r.ServiceId,
            ServiceName = r.Service!.Name,
            FullName = person.FullName,
            Phone = person.Phone,
            ProfilePicUrl = person.ProfilePicUrl,
            YearsOfExperience = r.Provider!.YearsOfExperience,
            ServiceDescription = r.Provider.ServiceDescription,
            IsEngineeringProvider = r.Provider.IsEngineeringProvider,
            State = r.Provider.State,
            City = r.Provider.City,
            FullAddress = r.Provider.FullAddress,
            WorkingProofUrls = r.WorkingProofUrls,
            PaymentStartDate = r.PaymentStartDate,
            PaymentEndDate = r.PaymentEndDate,
            CreatedAt = r.CreatedAt,
            AverageRating = db.Ratings
                .Where(x => x.RaterType == RaterTypes.User && db.Bookings.Any(b => b.Id == x.BookingId && b.ProviderServiceId == r.Id))
                .Average(x => (double?)x.Value),
            TotalReviews = db.Ratings
                .Count(x => x.RaterType == RaterTypes.User && db.Bookings.Any(b => b.Id == x.BookingId && b.ProviderServiceId == r.Id)),
            MinPrice = r.SubServices.Min(s => (decimal?)s.Price),
            MaxPrice = r.SubServices.Max(s => (decimal?)s.Price),
            SubServiceCount = r.SubServices.Count,
        };

    /// <summary>The sub-services of the given registrations, by registration.</summary>
    public static async Task<ILookup<Guid, SubServiceView>> SubServicesAsync(BookingsDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
        => (await db.SubServices.AsNoTracking().Where(s => ids.Contains(s.ProviderServiceId)).ToListAsync(ct))
            .GroupBy(s => s.ProviderServiceId)
            .SelectMany(g => SubServiceView.Of(g).Select(v => (g.Key, v)))
            .ToLookup(x => x.Key, x => x.v);
}
