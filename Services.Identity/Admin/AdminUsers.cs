using BuildXpert.Contracts;
using BuildXpert.Identity.Data;
using BuildXpert.Identity.Tokens;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Admin;

/// <summary>Admin screens: list customers and providers, verify, remove (and block) an account. No password hash ever leaves.</summary>
public static class AdminUsers
{
    public sealed record AdminUserView(Guid Id, string FullName, string? Email, string Phone, string Role, bool IsVerified, string ProfilePicUrl, DateTimeOffset CreatedAt);

    public sealed record AdminUserListResponse(IReadOnlyList<AdminUserView> Users, Pagination Pagination);

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(AuthConstants.AdminPolicy);
        admin.MapGet("/users", (string? page, string? limit, IdentityDbContext db) => ListAsync(db, Roles.User, page, limit)).WithName("AdminListUsers");
        admin.MapGet("/providers", (string? page, string? limit, IdentityDbContext db) => ListAsync(db, Roles.Provider, page, limit)).WithName("AdminListProviders");
        admin.MapPut("/users/{id}/verify", VerifyAsync).WithName("AdminVerifyUser");
        admin.MapDelete("/users/{id}", DeleteAsync).WithName("AdminDeleteUser");
        return app;
    }

    private static async Task<Ok<ApiSuccess<AdminUserListResponse>>> ListAsync(IdentityDbContext db, string role, string? page, string? limit)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 20);
        var query = db.Users.AsNoTracking().Where(u => u.Role == role);
        var total = await query.CountAsync();
        var users = await query.OrderByDescending(u => u.CreatedAt).Skip(request.Offset).Take(request.Limit)
            .Select(u => new AdminUserView(u.Id, u.FullName, u.Email, u.Phone, u.Role, u.IsVerified, u.ProfilePicUrl, u.CreatedAt))
            .ToListAsync();
        return TypedResults.Ok(ApiResults.Success(new AdminUserListResponse(users, Pagination.Of(request, total))));
    }

    private static async Task<Ok<ApiMessage>> VerifyAsync(string id, IdentityDbContext db)
    {
        var user = await FindAsync(db, id);
        user.IsVerified = true;
        await db.SaveChangesAsync();
        return TypedResults.Ok(ApiResults.Message("User verified successfully"));
    }

    /// <summary>Blocks the phone and email for both roles, ends every session, deletes the account, tells the others.</summary>
    private static async Task<Ok<ApiMessage>> DeleteAsync(string id, IdentityDbContext db, UnitOfWork work, SessionService sessions, IOutbox outbox, TimeProvider clock)
    {
        await using var transaction = await work.BeginAsync();
        var user = await FindAsync(db, id);
        if (user.Role == Roles.Admin)
        {
            throw new ForbiddenException("Admin accounts cannot be removed here");
        }

        var now = clock.GetUtcNow();
        foreach (var role in new[] { Roles.User, Roles.Provider })
        {
            await BlockAsync(db, "phone", user.Phone, role, now);
            if (user.Email is not null)
            {
                await BlockAsync(db, "email", user.Email, role, now);
            }
        }

        // The block covers every account on the phone or email, so every one of their sessions ends now.
        var blockedAccounts = await db.Users.Where(u => u.Role != Roles.Admin && (u.Phone == user.Phone || (user.Email != null && u.Email == user.Email)))
            .Select(u => u.Id).ToListAsync();
        await sessions.RevokeAllAsync(blockedAccounts, "account_deletion");
        db.Users.Remove(user);
        outbox.Publish(new UserDeleted(Guid.NewGuid(), now, user.Id, user.Phone, user.Email, user.Role, DeletedByAdmin: true));
        await work.CommitAsync();
        return TypedResults.Ok(ApiResults.Message("User removed and blocked successfully"));
    }

    private static async Task BlockAsync(IdentityDbContext db, string type, string value, string role, DateTimeOffset now)
    {
        if (await db.BlockedIdentifiers.FindAsync(type, value, role) is null)
        {
            db.BlockedIdentifiers.Add(new BlockedIdentifier { IdentifierType = type, IdentifierValue = value, Role = role, Reason = "Removed by admin", BlockedAt = now });
        }
    }

    private static async Task<User> FindAsync(IdentityDbContext db, string id)
        => Guid.TryParse(id, out var userId)
            ? await db.Users.SingleOrDefaultAsync(u => u.Id == userId) ?? throw new NotFoundException("User")
            : throw new RequestValidationException("id", "Invalid user ID");
}
