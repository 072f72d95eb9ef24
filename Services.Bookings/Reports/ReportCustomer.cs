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

namespace BuildXpert.Bookings.Reports;

public sealed record ReportCustomerRequest(
    string? CustomerName, string? IncidentDate, string? IncidentTime, string? IncidentType, string? Description, List<string>? Evidence);

public sealed class ReportCustomerValidator : AbstractValidator<ReportCustomerRequest>
{
    public ReportCustomerValidator(TimeProvider clock)
    {
        RuleFor(r => r.CustomerName).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Customer name is required")
            .MaximumLength(FieldLengths.Name).WithMessage("Customer name must be at most 100 characters");
        RuleFor(r => r.IncidentDate).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Incident date is required")
            .Must(d => Appointment.ParseDate(d) is not null).WithMessage("Incident date must be in YYYY-MM-DD format")
            .Must(d => Appointment.ParseDate(d) <= Appointment.IndiaDate(clock.GetUtcNow())).WithMessage("Incident date cannot be in the future");
        RuleFor(r => r.IncidentTime).MaximumLength(FieldLengths.IncidentTime).WithMessage("Incident time must be at most 20 characters");
        RuleFor(r => r.IncidentType).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Incident type is required")
            .MaximumLength(FieldLengths.IncidentType).WithMessage("Incident type must be at most 100 characters");
        RuleFor(r => r.Description).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Description is required")
            .MaximumLength(FieldLengths.ReportDescription).WithMessage("Description must be at most 2000 characters");
        RuleFor(r => r.Evidence).Must(e => e!.Count <= FieldLengths.MaxEvidenceUrls).WithMessage("At most 10 evidence links")
            .When(r => r.Evidence is not null);
        RuleForEach(r => r.Evidence).Must(IsWebUrl).WithMessage("Evidence must be http(s) links");
    }

    private static bool IsWebUrl(string? url)
        => url is { Length: <= FieldLengths.Url } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

public sealed record ProviderReportView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("provider_id")] Guid ProviderId,
    [property: JsonPropertyName("customer_name")] string CustomerName,
    [property: JsonPropertyName("customer_user_id")] Guid? CustomerUserId,
    [property: JsonPropertyName("incident_date")] DateOnly IncidentDate,
    [property: JsonPropertyName("incident_time")] string? IncidentTime,
    [property: JsonPropertyName("incident_type")] string IncidentType,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("evidence")] IReadOnlyList<string> Evidence,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    public static ProviderReportView Of(ProviderReport r) => new(
        r.Id, r.ProviderId, r.CustomerName, r.CustomerUserId, r.IncidentDate, r.IncidentTime, r.IncidentType, r.Description, r.Evidence,
        r.Status, r.CreatedAt, r.UpdatedAt);
}

/// <summary>
/// <c>POST /api/providers/report-customer</c>: a provider reports a customer by name. The name is matched only among
/// customers who booked this provider (case-insensitive, most recent booking first), never across all users as the
/// original did; an unmatched name is stored without a customer id for the admins to resolve.
/// </summary>
public static class ReportCustomer
{
    public sealed record Response(ProviderReportView Report);

    public static async Task<Created<ApiSuccess<Response>>> Handle(
        ReportCustomerRequest request, ClaimsPrincipal principal, BookingsDbContext db, IOutbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var providerUserId = principal.UserId();
        var now = clock.GetUtcNow();
        await ReportLimit.EnsureAllowedAsync(db, providerUserId, asProvider: true, now, ct);
        var name = request.CustomerName!.Trim();
        var pattern = name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        var customerUserId = await db.Bookings.AsNoTracking()
            .Where(b => b.ProviderUserId == providerUserId)
            .Where(b => EF.Functions.ILike(b.CustomerName!, pattern, "\\")
                || db.People.Any(p => p.UserId == b.UserId && EF.Functions.ILike(p.FullName, pattern, "\\")))
            .OrderByDescending(b => b.CreatedAt)
            .Select(b => (Guid?)b.UserId)
            .FirstOrDefaultAsync(ct);
        var report = new ProviderReport
        {
            Id = Guid.CreateVersion7(),
            ProviderId = providerUserId,
            CustomerName = name,
            CustomerUserId = customerUserId,
            IncidentDate = Appointment.ParseDate(request.IncidentDate)!.Value,
            IncidentTime = string.IsNullOrWhiteSpace(request.IncidentTime) ? null : request.IncidentTime.Trim(),
            IncidentType = request.IncidentType!.Trim(),
            Description = request.Description!.Trim(),
            Evidence = request.Evidence ?? [],
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ProviderReports.Add(report);
        // An unmatched customer is reported as Guid.Empty: the event's consumers only tell the reporter.
        outbox.Publish(new ReportSubmitted(Guid.CreateVersion7(), now, report.Id, null, providerUserId, Roles.Provider,
            customerUserId ?? Guid.Empty, report.IncidentType));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/providers/my-reports", ApiResults.Success(new Response(ProviderReportView.Of(report)), "Report submitted successfully"));
    }
}
