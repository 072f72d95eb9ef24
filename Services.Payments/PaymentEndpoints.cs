using BuildXpert.Payments.Admin;
using BuildXpert.Payments.Callbacks;
using BuildXpert.Payments.Data;
using BuildXpert.Payments.Orders;
using BuildXpert.Payments.Refunds;
using BuildXpert.Persistence.Idempotency;
using BuildXpert.ServiceDefaults.Api;
using BuildXpert.ServiceDefaults.Security;

namespace BuildXpert.Payments;

public static class PaymentEndpoints
{
    public static IEndpointRouteBuilder MapPaymentRoutes(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/payments").WithTags("Payments");
        var provider = payments.MapGroup("").RequireAuthorization(AuthConstants.ProviderPolicy);
        provider.MapPost("/initiate-paytm", InitiatePayment.Handle).Validate<InitiatePaymentRequest>().AsCommand<PaymentsDbContext>()
            .WithName("InitiatePaytm").WithSummary("Start paying for one of the provider's registrations (Idempotency-Key supported).");
        provider.MapPost("/verify-paytm", VerifyPayment.Registration).Validate<VerifyPaymentRequest>()
            .WithName("VerifyPaytm").WithSummary("Ask Paytm about the provider's order and settle it.");
        provider.MapPost("/retry-payment", RetryPayment.Handle).Validate<RetryPaymentRequest>().AsCommand<PaymentsDbContext>()
            .WithName("RetryPayment").WithSummary("A new order for the registration of a failed or expired one.");
        provider.MapGet("/transaction-history", PaymentHistory.Registrations)
            .WithName("TransactionHistory").WithSummary("The provider's registration payments, newest first.");

        var customer = payments.MapGroup("").RequireAuthorization(AuthConstants.CustomerPolicy);
        customer.MapPost("/initiate-labour-payment", InitiateLabourPayment.Handle).Validate<InitiateLabourPaymentRequest>().AsCommand<PaymentsDbContext>()
            .WithName("InitiateLabourPayment").WithSummary("Start paying for a 7-day labour pass (Idempotency-Key supported).");
        customer.MapPost("/verify-labour-payment", VerifyPayment.Labour).Validate<VerifyPaymentRequest>()
            .WithName("VerifyLabourPayment").WithSummary("Ask Paytm about the customer's labour pass order and settle it.");
        customer.MapGet("/labour-transaction-history", PaymentHistory.Labour)
            .WithName("LabourTransactionHistory").WithSummary("The customer's labour pass payments, newest first.");

        payments.MapGet("/payment-status/{orderId}", PaymentHistory.Status).RequireAuthorization(AuthConstants.AuthenticatedPolicy)
            .WithName("PaymentStatus").WithSummary("One of the caller's own orders.");

        payments.MapGet("/checkout/{orderId}", Checkout.Handle).AllowAnonymous()
            .WithName("Checkout").WithSummary("The payment link the apps open: hands the browser to Paytm's payment page.");
        payments.MapPost("/paytm-callback", PaytmWebhook.Handle).AllowAnonymous().DisableAntiforgery()
            .WithName("PaytmWebhook").WithSummary("Paytm's server-to-server webhook (form or JSON, checksum verified, Paytm's networks only).");
        payments.MapMethods("/payment-complete", [HttpMethods.Get, HttpMethods.Post], PaytmBrowserReturn.Handle).AllowAnonymous().DisableAntiforgery()
            .WithName("PaytmCallback").WithSummary("Paytm's callback URL, posted by the payer's browser after paying.");

        var admin = app.MapGroup("/api/admin/payments").WithTags("Admin payments").RequireAuthorization(AuthConstants.AdminPolicy);
        admin.MapPost("/{orderId}/refund", RefundPayment.Handle).Validate<RefundPaymentRequest>()
            .WithName("RefundPayment").WithSummary("Refund all or part of a completed payment, idempotent by refund id.");
        admin.MapGet("/revenue", RevenueFigures.Handle).WithName("PaymentRevenue").WithSummary("Revenue, refunds and order counts.");
        return app;
    }
}
