using BuildXpert.Contracts;
using BuildXpert.Identity.Accounts;
using BuildXpert.Identity.Data;
using FluentValidation;

namespace BuildXpert.Identity.Auth;

public sealed record SignupRequest(string? FullName, string? Email, string? Phone, string? Password, string? Role, string? ProfilePicUrl);

public sealed record VerifyOtpRequest(string? Phone, string? Otp);

public sealed record PhoneRequest(string? Phone, string? Role);

public sealed record LoginRequest(string? Phone, string? Password, string? Role);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record ForgotPasswordVerifyRequest(string? Phone, string? Otp, string? Role);

public sealed record ResetPasswordRequest(string? Phone, string? ResetToken, string? NewPassword, string? Role);

internal static class Rules
{
    public static IRuleBuilderOptions<T, string?> ValidPhone<T>(this IRuleBuilder<T, string?> rule)
        => rule.Must(p => PhoneNumber.TryNormalize(p, out _)).WithMessage(PhoneNumber.InvalidMessage);

    public static IRuleBuilderOptions<T, string?> ValidOtp<T>(this IRuleBuilderInitial<T, string?> rule)
        => rule.Cascade(CascadeMode.Stop).NotEmpty().Matches("^[0-9]{6}$").WithMessage("OTP must be 6 digits");

    public static IRuleBuilderOptions<T, string?> OptionalRole<T>(this IRuleBuilder<T, string?> rule, params string[] allowed)
        => rule.Must(r => r is null || allowed.Contains(r)).WithMessage($"Role must be one of: {string.Join(", ", allowed)}");
}

public sealed class SignupValidator : AbstractValidator<SignupRequest>
{
    public SignupValidator()
    {
        RuleFor(r => r.FullName).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Full name is required")
            .Must(n => n!.Trim().Length is >= 2 and <= FieldLengths.Name).WithMessage("Full name must be between 2 and 100 characters")
            .Matches(@"^[a-zA-Z\s'-]+$").WithMessage("Full name can only contain letters, spaces, hyphens and apostrophes");
        RuleFor(r => r.Email).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Email is required")
            .MaximumLength(FieldLengths.Email).WithMessage("Email must be at most 254 characters")
            .EmailAddress().WithMessage("Please enter a valid email");
        RuleFor(r => r.Phone).ValidPhone();
        RuleFor(r => r.Password).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Password is required")
            .Length(6, FieldLengths.Password).WithMessage("Password must be between 6 and 128 characters");
        RuleFor(r => r.Role).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Role is required").OptionalRole(Roles.User, Roles.Provider);
        // A data: picture is stored through the upload pipeline (its own 5 MB bound), so only URLs are bounded by the column.
        RuleFor(r => r.ProfilePicUrl).Must(u => u is null || u.Length <= FieldLengths.Url || u.StartsWith("data:image/", StringComparison.Ordinal))
            .WithMessage("Profile picture URL must be at most 2048 characters");
        RuleFor(r => r.ProfilePicUrl).Must(u => string.IsNullOrEmpty(u) || u.StartsWith("data:image/", StringComparison.Ordinal)
                || u.StartsWith("http://", StringComparison.Ordinal) || u.StartsWith("https://", StringComparison.Ordinal) || u.StartsWith("file://", StringComparison.Ordinal))
            .WithMessage("Profile picture must be an image or a URL");
    }
}

public sealed class VerifyOtpValidator : AbstractValidator<VerifyOtpRequest>
{
    public VerifyOtpValidator()
    {
        RuleFor(r => r.Phone).ValidPhone();
        RuleFor(r => r.Otp).ValidOtp();
    }
}

public sealed class PhoneRequestValidator : AbstractValidator<PhoneRequest>
{
    public PhoneRequestValidator()
    {
        RuleFor(r => r.Phone).ValidPhone();
        RuleFor(r => r.Role).OptionalRole(Roles.User, Roles.Provider, Roles.Admin);
    }
}

public sealed class LoginValidator : AbstractValidator<LoginRequest>
{
    public LoginValidator()
    {
        RuleFor(r => r.Phone).ValidPhone();
        RuleFor(r => r.Password).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Password is required")
            .MaximumLength(FieldLengths.Password).WithMessage("Password must be at most 128 characters");
        RuleFor(r => r.Role).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Role is required").OptionalRole(Roles.User, Roles.Provider, Roles.Admin);
    }
}

public sealed class RefreshValidator : AbstractValidator<RefreshRequest>
{
    public RefreshValidator() => RuleFor(r => r.RefreshToken).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Refresh token is required").MaximumLength(512);
}

public sealed class ForgotPasswordVerifyValidator : AbstractValidator<ForgotPasswordVerifyRequest>
{
    public ForgotPasswordVerifyValidator()
    {
        RuleFor(r => r.Phone).ValidPhone();
        RuleFor(r => r.Otp).ValidOtp();
        RuleFor(r => r.Role).OptionalRole(Roles.User, Roles.Provider, Roles.Admin);
    }
}

public sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordRequest>
{
    public ResetPasswordValidator()
    {
        RuleFor(r => r.Phone).ValidPhone();
        RuleFor(r => r.ResetToken).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Reset token is required").MaximumLength(200);
        RuleFor(r => r.NewPassword).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("New password is required")
            .Length(6, 128).WithMessage("Password must be between 6 and 128 characters")
            .Matches("[a-z]").WithMessage("Password must contain a lowercase letter, an uppercase letter and a number")
            .Matches("[A-Z]").WithMessage("Password must contain a lowercase letter, an uppercase letter and a number")
            .Matches("[0-9]").WithMessage("Password must contain a lowercase letter, an uppercase letter and a number");
        RuleFor(r => r.Role).OptionalRole(Roles.User, Roles.Provider, Roles.Admin);
    }
}
