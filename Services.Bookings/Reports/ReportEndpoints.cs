using BuildXpert.Bookings.Data;
using BuildXpert.Persistence.Idempotency;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Bookings.Reports;

/// <summary>Abuse reports: customers of their bookings' providers, providers of customers, and the admins' moderation.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/bookings").WithTags("Reports").RequireAuthorization(AuthConstants.CustomerPolicy)
            .MapPost("/{id}/report", ReportBooking.Handle).Validate<ReportBookingRequest>().AsCommand<BookingsDbContext>()
            .WithName("ReportBooking").WithSummary("The customer reports the provider of their booking, once per booking (5 reports a day).");

        var provider = app.MapGroup("/api/providers").WithTags("Reports").RequireAuthorization(AuthConstants.ProviderPolicy);
        provider.MapPost("/report-customer", ReportCustomer.Handle).Validate<ReportCustomerRequest>().AsCommand<BookingsDbContext>()
            .WithName("ReportCustomer").WithSummary("The provider reports one of their customers by name (5 reports a day).");
        provider.MapGet("/my-reports", MyReports.Handle).WithName("MyReports").WithSummary("The reports the provider filed.");

        var admin = app.MapGroup("/api").WithTags("Admin reports").RequireAuthorization(AuthConstants.AdminPolicy);
        admin.MapGet("/admin/reports", AdminReports.Handle).WithName("AdminListReports")
            .WithSummary("Reports of both kinds, newest first, with both parties' names and phones.");
        admin.MapPut("/admin/reports/{id}/status", ModerateReports.SetStatus).Validate<ReportStatusRequest>().WithName("AdminSetReportStatus")
            .WithSummary("Sets a report's status (open, resolved, closed).");
        admin.MapDelete("/admin/reports/pending", ModerateReports.DeleteOpen).AsCommand<BookingsDbContext>().WithName("AdminDeleteOpenReports")
            .WithSummary("Deletes every open report of both kinds.");
        admin.MapGet("/providers/reports", ModerateReports.ListProviderReports).WithName("AdminListProviderReports")
            .WithSummary("Providers' reports of customers.");
        admin.MapPut("/providers/reports/{id}/status", ModerateReports.SetProviderReportStatus).Validate<ReportStatusRequest>()
            .WithName("AdminSetProviderReportStatus").WithSummary("Sets a provider's report's status.");
        admin.MapGet("/admin/booking-figures", AdminFigures.Figures).WithName("AdminBookingFigures")
            .WithSummary("Bookings and reports by status: Bookings' part of the admin dashboard's figures (the gateway assembles them).");
        admin.MapGet("/admin/provider-profiles", AdminFigures.Profiles).WithName("AdminProviderProfiles")
            .WithSummary("City, state, experience, description and registration count of the given providers (ids, comma-separated, at most 100).");
        return app;
    }
}
