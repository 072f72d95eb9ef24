using BuildXpert.Contracts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Tokens;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Admin;

/// <summary>
/// Admin screens: list customers and providers, verify or unverify, remove (and block) an account. Each route acts only
/// on accounts of its role (a provider's id under <c>/users</c> is a 404). No password hash ever leaves.
/// </summary>
public static class AdminUsers
{
    public sealed record AdminUserView(Guid Id, string FullName, string? Email, string Phone, string Role, bool IsVerified, string ProfilePicUrl, DateTimeOffset CreatedAt);

    public sealed record AdminUserListResponse(IReadOnlyList<AdminUserView> Users, Pagination Pagination);

    public sealed record AdminProviderListResponse(IReadOnlyList<AdminUserView> Providers, Pagination Pagination);

    public sealed record VerifyResponse(AdminUserView User);

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AuthConstants.AdminPolicy);
        admin.MapGet("/users", async (string? page, string? limit, IdentityDbContext db) =>
        {
            var (users, pagination) = await ListAsync(db, Roles.User, page, limit);
            return TypedResults.Ok(ApiResults.Success(new AdminUserListResponse(users, pagination)));
        }).WithName("AdminListUsers");
        admin.MapGet("/providers", async (string? page, string? limit, IdentityDbContext db) =>
        {
            var (providers, pagination) = await ListAsync(db, Roles.Provider, page, limit);
            return TypedResults.Ok(ApiResults.Success(new AdminProviderListResponse(providers, pagination)));
        }).WithName("AdminListProviders");
        admin.MapPut("/users/{id}/verify", (string id, VerifyRequest? request, IdentityDbContext db, CancellationToken ct) => VerifyAsync(id, Roles.User, request, db, ct))
            .WithName("AdminVerifyUser");
        admin.MapPut("/providers/{id}/verify", (string id, VerifyRequest? request, IdentityDbContext db, CancellationToken ct) => VerifyAsync(id, Roles.Provider, request, db, ct))
            .WithName("AdminVerifyProvider");
        admin.MapDelete("/users/{id}", (string id, IdentityDbContext db, UnitOfWork work, SessionService sessions, IOutbox outbox, TimeProvider clock)
            => DeleteAsync(id, Roles.User, db, work, sessions, outbox, clock)).WithName("AdminDeleteUser");
        admin.MapDelete("/providers/{id}", (string id, IdentityDbContext db, UnitOfWork work, SessionService sessions, IOutbox outbox, TimeProvider clock)
            => DeleteAsync(id, Roles.Provider, db, work, sessions, outbox, clock)).WithName("AdminDeleteProvider");
        admin.MapAccountFigures();
        return app;
    }

    private static async Task<(List<AdminUserView>, Pagination)> ListAsync(IdentityDbContext db, string role, string? page, string? limit)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 20);
        var query = db.Users.AsNoTracking().Where(u => u.Role == role);
        var total = await query.CountAsync();
        var users = await query.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Skip(request.Offset).Take(request.Limit)
            .Select(u => new AdminUserView(u.Id, u.FullName, u.Email, u.Phone, u.Role, u.IsVerified, u.ProfilePicUrl, u.CreatedAt))
            .ToListAsync();
        return (users, Pagination.Of(request, total));
    }

    /// <summary><c>{isVerified}</c> (default true) sets the account's verified flag; the answer carries the account.</summary>
    public sealed record VerifyRequest(bool? IsVerified);

    private static async Task<Ok<ApiSuccess<VerifyResponse>>> VerifyAsync(string id, string role, VerifyRequest? request, IdentityDbContext db, CancellationToken ct)
    {
        var user = await FindAsync(db, id, role);
        user.IsVerified = request?.IsVerified ?? true;
        await db.SaveChangesAsync(ct);
        var noun = role == Roles.Provider ? "Provider" : "User";
        var view = new AdminUserView(user.Id, user.FullName, user.Email, user.Phone, user.Role, user.IsVerified, user.ProfilePicUrl, user.CreatedAt);
        return TypedResults.Ok(ApiResults.Success(new VerifyResponse(view), $"{noun} {(user.IsVerified ? "verified" : "unverified")} successfully"));
    }

    /// <summary>Blocks the phone and email for both roles, ends every session, deletes the account, tells the others.</summary>
    private static async Task<Ok<ApiMessage>> DeleteAsync(
        string id, string role, IdentityDbContext db, UnitOfWork work, SessionService sessions, IOutbox outbox, TimeProvider clock)
    {
        await using var transaction = await work.BeginAsync();
        var user = await FindAsync(db, id, role);

        var now = clock.GetUtcNow();
        foreach (var blockedRole in new[] { Roles.User, Roles.Provider })
        {
            await BlockAsync(db, "phone", user.Phone, blockedRole, now);
            if (user.Email is not null)
            {
                await BlockAsync(db, "email", user.Email, blockedRole, now);
            }
        }

        // The block covers every account on the phone or email, so every one of their sessions ends now.
        var blockedAccounts = await db.Users.Where(u => u.Role != Roles.Admin && (u.Phone == user.Phone || (user.Email != null && u.Email == user.Email)))
            .Select(u => u.Id).ToListAsync();
        await sessions.RevokeAllAsync(blockedAccounts, "account_deletion");
        db.Users.Remove(user);
        outbox.Publish(new UserDeleted(Guid.NewGuid(), now, user.Id, user.Phone, user.Email, user.Role, DeletedByAdmin: true));
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message($"{(role == Roles.Provider ? "Provider" : "User")} removed successfully"));
    }

    private static async Task BlockAsync(IdentityDbContext db, string type, string value, string role, DateTimeOffset now)
    {
        if (await db.BlockedIdentifiers.FindAsync(type, value, role) is null)
        {
            db.BlockedIdentifiers.Add(new BlockedIdentifier { IdentifierType = type, IdentifierValue = value, Role = role, Reason = "Removed by admin", BlockedAt = now });
        }
    }

    private static async Task<User> FindAsync(IdentityDbContext db, string id, string role)
        => Guid.TryParse(id, out var userId)
            ? await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.Role == role) ?? throw new NotFoundException(role == Roles.Provider ? "Provider" : "User")
            : throw new RequestValidationException("id", role == Roles.Provider ? "Invalid provider ID" : "Invalid user ID");
}
