using BuildXpert.Bookings.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Bookings.Reports;

/// <summary>
/// At most <see cref="PerDay"/> reports per person in any 24 hours (the original's in-memory limiter, per process). The
/// count is taken in the report's transaction under an advisory lock on the reporter, so parallel reports cannot all pass.
/// </summary>
public static class ReportLimit
{
    public const int PerDay = 5;
    public const string Message = "Too many reports submitted today. Please try again tomorrow.";

    public static async Task EnsureAllowedAsync(BookingsDbContext db, Guid reporterUserId, bool asProvider, DateTimeOffset now, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"reports:" + reporterUserId}, 0))", ct);
        var since = now.AddHours(-24);
        var recent = asProvider
            ? await db.ProviderReports.CountAsync(r => r.ProviderId == reporterUserId && r.CreatedAt > since, ct)
            : await db.UserReports.CountAsync(r => r.ReportedByUserId == reporterUserId && r.CreatedAt > since, ct);
        if (recent >= PerDay)
        {
            throw new ApiException(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, Message);
        }
    }
}
