namespace BuildXpert.ServiceDefaults.Security;

/// <summary>What Identity puts in access tokens and every validator expects.</summary>
public static class AuthConstants
{
    public const string Issuer = "buildxpert-identity";
    public const string Audience = "buildxpert-api";
    public const string Algorithm = "ES256";

    public const string RoleClaim = "role";
    public const string NameClaim = "name";
    public const string PhoneClaim = "phone";
    public const string SessionClaim = "sid";

    public const string AdminPolicy = "admin";
    public const string AuthenticatedPolicy = "authenticated";
    public const string ProviderPolicy = "provider";
    public const string CustomerPolicy = "customer";

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(30);
}
