using BuildXpert.Notifications.Data;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.Notifications.Sms;

/// <summary><c>GET /api/dev/sms/latest?phone=</c>: the last SMS to a phone, so people and tests can finish sign-up
/// locally. Mapped only in the Development environment (404 anywhere else).</summary>
public static class DevSmsEndpoints
{
    /// <summary>The last sent SMS; <c>code</c> is the OTP it carried, if any.</summary>
    public sealed record LatestSmsResponse(string Phone, string Message, string? Code, DateTimeOffset? SentAt);

    public static IEndpointRouteBuilder MapDevSms(this IEndpointRouteBuilder app, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            return app;
        }

        app.MapGet("/api/dev/sms/latest", async (string? phone, NotificationsDbContext db) =>
        {
            if (string.IsNullOrWhiteSpace(phone))
            {
                throw new RequestValidationException("phone", "phone is required");
            }

            var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
            var normalized = digits.Length > 10 ? digits[^10..] : digits;
            var sms = await db.SmsMessages.Where(m => m.Phone == normalized && m.Status == SmsStatus.Sent).OrderByDescending(m => m.Id).FirstOrDefaultAsync()
                ?? throw new NotFoundException("SMS");
            return TypedResults.Ok(ApiResults.Success(new LatestSmsResponse(sms.Phone, sms.Message, sms.Code, sms.SentAt)));
        }).WithTags("Development").WithName("LatestDevSms");
        return app;
    }
}
