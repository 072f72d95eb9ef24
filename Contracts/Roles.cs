namespace BuildXpert.Contracts;

/// <summary>The account roles events and tokens carry (an account has exactly one).</summary>
public static class Roles
{
    public const string User = "user";
    public const string Provider = "provider";
    public const string Admin = "admin";
}
