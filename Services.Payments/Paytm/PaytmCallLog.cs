using BuildXpert.Payments.Data;

namespace BuildXpert.Payments.Paytm;

/// <summary>
/// Writes <see cref="PaytmApiCall"/> rows in a scope of their own, so a call is on record even when the command that
/// made it rolls back. A failure to log is logged and never fails the payment.
/// </summary>
public sealed class PaytmCallLog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PaytmCallLog> logger)
{
    public async Task RecordAsync(string api, string orderId, int? httpStatus, string? resultStatus, string? resultCode, TimeSpan duration, string? error)
    {
        logger.LogInformation("Paytm {Api} for {OrderId}: HTTP {HttpStatus} {ResultStatus} {ResultCode} in {DurationMs} ms {Error}",
            api, orderId, httpStatus, resultStatus, resultCode, (int)duration.TotalMilliseconds, error);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
            db.ApiCalls.Add(new PaytmApiCall
            {
                Api = api,
                OrderId = orderId,
                HttpStatus = httpStatus,
                ResultStatus = Columns.Cut(resultStatus, 32),
                ResultCode = Columns.Cut(resultCode, 16),
                DurationMs = (int)duration.TotalMilliseconds,
                Error = Columns.Cut(error, 500),
                At = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the Paytm {Api} call for {OrderId}", api, orderId);
        }
    }
}
