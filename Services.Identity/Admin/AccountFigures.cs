using System.Text.Json.Serialization;
using BuildXpert.Contracts;
using BuildXpert.Identity.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Admin;

/// <summary>
/// The admin console's account screens, in the shapes the provider app's admin tabs read (snake_case):
/// <c>GET /api/admin/all-users</c> and <c>GET /api/admin/all-providers</c> (page, limit: 50 by default, at most 100;
/// newest first), and <c>GET /api/admin/account-counts</c>, Identity's part of <c>GET /api/admin/stats</c>, which the
/// gateway assembles. The gateway adds Bookings' profile figures (city, state, experience, description, registrations)
/// to each <c>all-providers</c> row; straight from Identity the rows carry the account only.
/// </summary>
public static class AccountFigures
{
    public const int DefaultLimit = 50;

    public sealed record AccountRow(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("full_name")] string FullName,
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("phone")] string Phone,
        [property: JsonPropertyName("role")] string Role,
        [property: JsonPropertyName("is_verified")] bool IsVerified,
        [property: JsonPropertyName("profile_pic_url")] string ProfilePicUrl,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("last_login")] DateTimeOffset? LastLogin);

    public sealed record AllUsersResponse(IReadOnlyList<AccountRow> Users, Pagination Pagination);

    public sealed record AllProvidersResponse(IReadOnlyList<AccountRow> Providers, Pagination Pagination);

    public sealed record AccountCounts(int TotalUsers, int TotalProviders, int TotalAdmins, int VerifiedProviders, int NewUsersLast30Days);

    public static RouteGroupBuilder MapAccountFigures(this RouteGroupBuilder admin)
    {
        admin.MapGet("/all-users", AllUsers).WithName("AdminAllUsers");
        admin.MapGet("/all-providers", AllProviders).WithName("AdminAllProviders");
        admin.MapGet("/account-counts", Counts).WithName("AdminAccountCounts");
        return admin;
    }

    public static async Task<Ok<ApiSuccess<AllUsersResponse>>> AllUsers(string? page, string? limit, IdentityDbContext db, CancellationToken ct)
    {
        var (rows, pagination) = await PageAsync(db, Roles.User, page, limit, ct);
        return TypedResults.Ok(ApiResults.Success(new AllUsersResponse(rows, pagination)));
    }

    public static async Task<Ok<ApiSuccess<AllProvidersResponse>>> AllProviders(string? page, string? limit, IdentityDbContext db, CancellationToken ct)
    {
        var (rows, pagination) = await PageAsync(db, Roles.Provider, page, limit, ct);
        return TypedResults.Ok(ApiResults.Success(new AllProvidersResponse(rows, pagination)));
    }

    public static async Task<Ok<ApiSuccess<AccountCounts>>> Counts(IdentityDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-30);
        var byRole = await db.Users.AsNoTracking().GroupBy(u => u.Role)
            .Select(g => new { Role = g.Key, Count = g.Count(), Verified = g.Count(u => u.IsVerified), Recent = g.Count(u => u.CreatedAt >= since) })
            .ToListAsync(ct);
        int Count(string role) => byRole.FirstOrDefault(r => r.Role == role)?.Count ?? 0;
        return TypedResults.Ok(ApiResults.Success(new AccountCounts(Count(Roles.User), Count(Roles.Provider), Count(Roles.Admin),
            byRole.FirstOrDefault(r => r.Role == Roles.Provider)?.Verified ?? 0, byRole.Where(r => r.Role != Roles.Admin).Sum(r => r.Recent))));
    }

    private static async Task<(List<AccountRow>, Pagination)> PageAsync(IdentityDbContext db, string role, string? page, string? limit, CancellationToken ct)
    {
        var request = PageRequest.Parse(page, limit, DefaultLimit);
        var query = db.Users.AsNoTracking().Where(u => u.Role == role);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Skip(request.Offset).Take(request.Limit)
            .Select(u => new AccountRow(u.Id, u.FullName, u.Email ?? "", u.Phone, u.Role, u.IsVerified, u.ProfilePicUrl, u.CreatedAt, u.LastLoginAt))
            .ToListAsync(ct);
        return (rows, Pagination.Of(request, total));
    }
}
