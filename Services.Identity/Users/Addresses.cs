using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Identity.Data;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Identity.Users;

public sealed record AddressRequest(string? Type, string? FullAddress, string? State, string? City, string? Pincode);

public sealed class AddressValidator : AbstractValidator<AddressRequest>
{
    public AddressValidator()
    {
        RuleFor(r => r.Type).Cascade(CascadeMode.Stop).NotEmpty().Must(t => Addresses.NormalizeType(t) is not null).WithMessage("Type must be home, office (or work) or other");
        RuleFor(r => r.FullAddress).Cascade(CascadeMode.Stop).NotEmpty().Length(10, FieldLengths.FullAddress).WithMessage("Full address must be between 10 and 500 characters");
        RuleFor(r => r.State).Cascade(CascadeMode.Stop).NotEmpty().Length(2, FieldLengths.State).WithMessage("State must be between 2 and 100 characters");
        RuleFor(r => r.City).Length(2, FieldLengths.City).WithMessage("City must be between 2 and 100 characters").When(r => r.City is not null);
        RuleFor(r => r.Pincode).Matches("^[0-9]{6}$").WithMessage("Pincode must be 6 digits").When(r => !string.IsNullOrEmpty(r.Pincode));
    }
}

/// <summary>A user's addresses, at most 3. The apps send <c>work</c>, which the original's database refused (500); it is stored as <c>office</c>.</summary>
public static class Addresses
{
    public const int MaxPerUser = 3;

    public sealed record AddressView(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("city")] string? City,
        [property: JsonPropertyName("full_address")] string FullAddress,
        [property: JsonPropertyName("pincode")] string? Pincode,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt)
    {
        public static AddressView Of(Address a) => new(a.Id, a.Type, a.State, a.City, a.FullAddress, a.Pincode, a.CreatedAt);
    }

    public sealed record AddressListResponse(IReadOnlyList<AddressView> Addresses, Pagination Pagination);

    public sealed record AddressResponse(AddressView Address);

    public static string? NormalizeType(string? type) => type?.Trim().ToLowerInvariant() switch
    {
        "home" => "home",
        "office" or "work" => "office",
        "other" => "other",
        _ => null,
    };

    public static async Task<Ok<ApiSuccess<AddressListResponse>>> List(string? page, string? limit, ClaimsPrincipal principal, IdentityDbContext db)
    {
        var request = PageRequest.Parse(page, limit, defaultLimit: 10);
        var userId = principal.UserId();
        var query = db.Addresses.AsNoTracking().Where(a => a.UserId == userId);
        var total = await query.CountAsync();
        var addresses = await query.OrderByDescending(a => a.CreatedAt).Skip(request.Offset).Take(request.Limit).ToListAsync();
        return TypedResults.Ok(ApiResults.Success(new AddressListResponse([.. addresses.Select(AddressView.Of)], Pagination.Of(request, total))));
    }

    public static async Task<Created<ApiSuccess<AddressResponse>>> Create(AddressRequest request, ClaimsPrincipal principal, IdentityDbContext db, UnitOfWork work, TimeProvider clock)
    {
        await using var transaction = await work.BeginAsync();
        var userId = (await Profile.LockCurrentAsync(principal, db)).Id; // parallel adds queue here, so the cap holds
        if (await db.Addresses.CountAsync(a => a.UserId == userId) >= MaxPerUser)
        {
            throw new RequestValidationException("address", "Maximum 3 addresses allowed per user");
        }

        var address = new Address
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Type = NormalizeType(request.Type)!,
            FullAddress = request.FullAddress!.Trim(),
            State = request.State!.Trim(),
            City = request.City?.Trim(),
            Pincode = request.Pincode,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Addresses.Add(address);
        await work.CommitAsync();
        return TypedResults.Created($"/api/users/addresses/{address.Id}", ApiResults.Success(new AddressResponse(AddressView.Of(address)), "Address added successfully"));
    }

    public static async Task<Ok<ApiSuccess<AddressResponse>>> Update(string id, AddressRequest request, ClaimsPrincipal principal, IdentityDbContext db)
    {
        var address = await FindOwnAsync(id, principal, db);
        address.Type = NormalizeType(request.Type)!;
        address.FullAddress = request.FullAddress!.Trim();
        address.State = request.State!.Trim();
        address.City = request.City?.Trim();
        address.Pincode = request.Pincode;
        await db.SaveChangesAsync();
        return TypedResults.Ok(ApiResults.Success(new AddressResponse(AddressView.Of(address)), "Address updated successfully"));
    }

    public static async Task<Ok<ApiMessage>> Delete(string id, ClaimsPrincipal principal, IdentityDbContext db)
    {
        db.Addresses.Remove(await FindOwnAsync(id, principal, db));
        await db.SaveChangesAsync();
        return TypedResults.Ok(ApiResults.Message("Address deleted successfully"));
    }

    /// <summary>Someone else's address is indistinguishable from a missing one (404).</summary>
    private static async Task<Address> FindOwnAsync(string id, ClaimsPrincipal principal, IdentityDbContext db)
    {
        var userId = principal.UserId();
        return Guid.TryParse(id, out var addressId)
            ? await db.Addresses.SingleOrDefaultAsync(a => a.Id == addressId && a.UserId == userId) ?? throw new NotFoundException("Address")
            : throw new RequestValidationException("id", "Invalid address ID");
    }
}
