using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Identity.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/signup", Signup.Start).Validate<SignupRequest>().WithName("Signup");
        auth.MapPost("/verify-otp", Signup.Verify).Validate<VerifyOtpRequest>().WithName("VerifyOtp");
        auth.MapPost("/send-otp", Signup.SendOtp).Validate<PhoneRequest>().WithName("SendOtp");
        auth.MapPost("/resend-otp", Signup.ResendOtp).Validate<PhoneRequest>().WithName("ResendOtp");
        auth.MapPost("/login", Login.Handle).Validate<LoginRequest>().WithName("Login");
        auth.MapPost("/refresh", Login.Refresh).Validate<RefreshRequest>().WithName("Refresh");
        auth.MapPost("/forgot-password", PasswordReset.Request).Validate<PhoneRequest>().WithName("ForgotPassword");
        auth.MapPost("/forgot-password/verify", PasswordReset.Verify).Validate<ForgotPasswordVerifyRequest>().WithName("ForgotPasswordVerify");
        auth.MapPost("/forgot-password/reset", PasswordReset.Reset).Validate<ResetPasswordRequest>().WithName("ForgotPasswordReset");

        var signedIn = auth.MapGroup("").RequireAuthorization(AuthConstants.AuthenticatedPolicy);
        signedIn.MapGet("/me", Sessions.Me).WithName("Me");
        signedIn.MapPost("/logout", Sessions.Logout).WithName("Logout");
        signedIn.MapPost("/logout-all", Sessions.LogoutAll).WithName("LogoutAll");
        signedIn.MapGet("/sessions", Sessions.List).WithName("ListSessions");
        signedIn.MapDelete("/sessions/{sessionId}", Sessions.Revoke).WithName("RevokeSession");
        return app;
    }
}
