using System.Security.Claims;
using System.Text.Json.Serialization;
using BuildXpert.Bookings.Bookings;
using BuildXpert.Bookings.Data;
using BuildXpert.Contracts;
using BuildXpert.Messaging;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BuildXpert.Bookings.Reports;

public sealed record ReportBookingRequest(string? ReportReason, string? ReportDescription);

public sealed class ReportBookingValidator : AbstractValidator<ReportBookingRequest>
{
    public ReportBookingValidator()
    {
        RuleFor(r => r.ReportReason).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Report reason is required")
            .MaximumLength(FieldLengths.ReportReason).WithMessage("Report reason must be at most 200 characters");
        RuleFor(r => r.ReportDescription).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Report description is required")
            .MaximumLength(FieldLengths.ReportDescription).WithMessage("Report description must be at most 2000 characters");
    }
}

public sealed record UserReportView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("reported_by_user_id")] Guid ReportedByUserId,
    [property: JsonPropertyName("reported_provider_id")] Guid ReportedProviderId,
    [property: JsonPropertyName("booking_id")] Guid? BookingId,
    [property: JsonPropertyName("incident_date")] DateOnly IncidentDate,
    [property: JsonPropertyName("incident_type")] string IncidentType,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt)
{
    public static UserReportView Of(UserReport r)
        => new(r.Id, r.ReportedByUserId, r.ReportedProviderId, r.BookingId, r.IncidentDate, r.IncidentType, r.Description, r.Status, r.CreatedAt);
}

/// <summary>
/// <c>POST /api/bookings/{id}/report</c>: the customer reports the provider of their own booking, once per booking; the
/// booking keeps the reason (the user app disables "Report" when <c>report_reason</c> is set).
/// </summary>
public static class ReportBooking
{
    public const string AlreadyReported = "This booking has already been reported";

    public sealed record Response(UserReportView Report);

    public static async Task<Created<ApiSuccess<Response>>> Handle(
        string id, ReportBookingRequest request, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var userId = principal.UserId();
        var now = clock.GetUtcNow();
        var booking = await BookingAccess.LockForCustomerAsync(db, id, userId, ct);
        if (booking.ReportReason is not null || await db.UserReports.AnyAsync(r => r.BookingId == booking.Id, ct))
        {
            throw new RequestValidationException("id", AlreadyReported);
        }

        await ReportLimit.EnsureAllowedAsync(db, userId, asProvider: false, now, ct);
        booking.ReportReason = request.ReportReason!.Trim();
        booking.ReportDescription = request.ReportDescription!.Trim();
        booking.UpdatedAt = now;
        var report = new UserReport
        {
            Id = Guid.CreateVersion7(),
            ReportedByUserId = userId,
            ReportedProviderId = booking.ProviderUserId,
            BookingId = booking.Id,
            IncidentDate = booking.AppointmentDate,
            IncidentType = booking.ReportReason,
            Description = booking.ReportDescription,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.UserReports.Add(report);
        outbox.Publish(new ReportSubmitted(Guid.CreateVersion7(), now, report.Id, booking.Id, userId, Roles.User, booking.ProviderUserId, report.IncidentType));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new RequestValidationException("id", AlreadyReported);
        }

        return TypedResults.Created($"/api/bookings/{booking.Id}/report", ApiResults.Success(new Response(UserReportView.Of(report)), "Report submitted successfully"));
    }
}
