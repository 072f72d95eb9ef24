using BuildXpert.Paytm;

namespace BuildXpert.PaytmSandbox;

/// <summary>
/// An order's payment, as the user's bank would settle it: TXNID etc. assigned once, the status set (or, for a scripted order,
/// PENDING until the script's status calls are used up), and the webhook sent. One lock per order keeps every transition atomic.
/// </summary>
public sealed class Settlement(WebhookSender webhooks, TimeProvider time)
{
    /// <summary>
    /// Pays an initiated order (or finalises an unscripted PENDING one) with <paramref name="requested"/>; a script overrides it.
    /// Null when the order is not in a state that can be settled that way.
    /// </summary>
    public TxnView? Settle(SandboxOrder order, string? requested, bool sendWebhook)
    {
        TxnView view;
        lock (order.Gate)
        {
            var now = time.GetUtcNow();
            if (order.Status == SandboxStatus.Unpaid && order.Script is { } script)
            {
                order.FinalStatus = script.FinalStatus;
                order.PendingChecksLeft = script.StatusChecksBeforeFinal;
                order.WebhookOnFinal = sendWebhook;
                order.Status = script.StatusChecksBeforeFinal > 0 ? PaytmProtocol.Pending : script.FinalStatus;
                if (order.Status == script.FinalStatus)
                {
                    order.FinalStatus = null;
                }
            }
            else if (SandboxStatus.IsPaymentStatus(requested) && CanMove(order, requested!))
            {
                order.Status = requested!;
            }
            else
            {
                return null;
            }

            order.EnsureTxn(now);
            view = order.View(now);
        }

        if (sendWebhook)
        {
            webhooks.SendInBackground(order, view);
        }

        return view;
    }

    /// <summary>One status API call: counted, and a scripted PENDING payment moves one step towards its final status.</summary>
    public TxnView Observe(SandboxOrder order)
    {
        TxnView view;
        var revealed = false;
        lock (order.Gate)
        {
            order.StatusChecks++;
            if (order.Status == PaytmProtocol.Pending && order.FinalStatus is { } final)
            {
                if (order.PendingChecksLeft > 0)
                {
                    order.PendingChecksLeft--;
                }
                else
                {
                    order.Status = final;
                    order.FinalStatus = null;
                    revealed = order.WebhookOnFinal;
                }
            }

            view = order.View(time.GetUtcNow());
        }

        if (revealed)
        {
            webhooks.SendInBackground(order, view);
        }

        return view;
    }

    /// <summary>Unpaid to anything; an unscripted PENDING to a final status; a failure to success (late bank confirmation). Nothing else.</summary>
    private static bool CanMove(SandboxOrder order, string requested)
        => order.Status == SandboxStatus.Unpaid
            || (order.Status == PaytmProtocol.Pending && order.FinalStatus is null && SandboxStatus.IsFinal(requested))
            || (order.Status == PaytmProtocol.TxnFailure && requested == PaytmProtocol.TxnSuccess); // the bank confirms a debit late
}
