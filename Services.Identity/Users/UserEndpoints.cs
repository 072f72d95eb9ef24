using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Identity.Users;

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(AuthConstants.AuthenticatedPolicy);
        users.MapGet("/profile", Profile.Get).WithName("GetProfile");
        users.MapPut("/profile", Profile.Update).Validate<UpdateProfileRequest>().WithName("UpdateProfile");
        users.MapDelete("/delete-account", Profile.DeleteAccount).WithName("DeleteAccount");
        users.MapGet("/addresses", Addresses.List).WithName("ListAddresses");
        users.MapPost("/addresses", Addresses.Create).Validate<AddressRequest>().WithName("CreateAddress");
        users.MapPut("/addresses/{id}", Addresses.Update).Validate<AddressRequest>().WithName("UpdateAddress");
        users.MapDelete("/addresses/{id}", Addresses.Delete).WithName("DeleteAddress");
        return app;
    }
}
