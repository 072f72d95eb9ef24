using System.Text.Json;
using BuildXpert.Payments.Jobs;
using BuildXpert.Payments.Orders;
using BuildXpert.Paytm;

namespace BuildXpert.UnitTests;

/// <summary>Payments' pure rules: forward-only settlement, amounts, risk, ids, the reconciliation backoff.</summary>
public sealed class PaymentRulesTests
{
    [Theory]
    [InlineData("pending", "TXN_SUCCESS", "completed")]
    [InlineData("pending", "TXN_FAILURE", "failed")]
    [InlineData("failed", "TXN_SUCCESS", "completed")] // the bank confirmed the debit late
    [InlineData("expired", "TXN_SUCCESS", "completed")] // money taken after we gave up waiting is still honoured
    [InlineData("pending", "PENDING", null)]
    [InlineData("completed", "TXN_FAILURE", null)] // a late failure never overwrites a success
    [InlineData("completed", "TXN_SUCCESS", null)] // settled once
    [InlineData("failed", "TXN_FAILURE", null)]
    [InlineData("expired", "TXN_FAILURE", null)]
    [InlineData("refunded", "TXN_SUCCESS", null)]
    public void Paytm_moves_an_order_only_forward(string current, string paytm, string? next)
        => Assert.Equal(next, PaymentStateMachine.Next(current, paytm));

    [Theory]
    [InlineData("99", 99)]
    [InlineData("99.00", 99)]
    [InlineData("1e3", null)]
    [InlineData("-5", null)]
    [InlineData("ninety", null)]
    public void An_amount_string_is_read_as_a_plain_decimal(string text, int? expected)
        => Assert.Equal(expected, (int?)PaymentOrders.ParseAmount(JsonSerializer.SerializeToElement(text)));

    [Fact]
    public void An_amount_number_is_read_and_other_json_is_not()
    {
        Assert.Equal(99m, PaymentOrders.ParseAmount(JsonSerializer.SerializeToElement(99)));
        Assert.Null(PaymentOrders.ParseAmount(JsonSerializer.SerializeToElement(true)));
        Assert.Null(PaymentOrders.ParseAmount(null));
    }

    [Theory]
    [InlineData(99, true)]
    [InlineData(99.99, true)]
    [InlineData(98.01, true)]
    [InlineData(100, false)]
    [InlineData(1, false)]
    public void The_clients_amount_must_be_within_one_percent_of_the_price(decimal claimed, bool accepted)
        => Assert.Equal(accepted, PaymentOrders.CloseEnough(claimed, 99m));

    [Fact]
    public void Risk_adds_the_originals_factors_and_caps_at_one()
    {
        Assert.Equal(new PaymentRisk.Assessment(0m, "low"), PaymentRisk.Score(total: 0, failed: 0, lastHour: 0, amount: 99m, indiaHour: 12));
        Assert.Equal(new PaymentRisk.Assessment(0.7m, "medium"), PaymentRisk.Score(total: 4, failed: 3, lastHour: 4, amount: 99m, indiaHour: 12));
        Assert.Equal(new PaymentRisk.Assessment(1m, "high"), PaymentRisk.Score(total: 4, failed: 3, lastHour: 4, amount: 60_000m, indiaHour: 4));
    }

    [Theory]
    [InlineData("ORDER_0193a1b2c3d4", true)]
    [InlineData("a@b-c_d.e", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("order/1", false)]
    public void Order_and_refund_ids_are_paytms_alphabet(string id, bool valid) => Assert.Equal(valid, PaytmProtocol.IsValidId(id));

    [Fact]
    public void An_id_over_fifty_characters_is_refused_and_order_ids_fit()
    {
        Assert.False(PaytmProtocol.IsValidId(new string('a', 51)));
        Assert.True(PaytmProtocol.IsValidId(PaymentOrders.NewOrderId("labour_access")));
        Assert.StartsWith("LABOUR_", PaymentOrders.NewOrderId("labour_access"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reconciliation_backs_off_then_checks_every_ten_minutes()
        => Assert.Equal(
            [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)],
            Enumerable.Range(0, 5).Select(PaymentReconciliation.NextDelay));
}

/// <summary>Which Status API answers mean "never paid" (an order that may expire) and which mean money may be moving.</summary>
public sealed class NeverPaidTests
{
    private static BuildXpert.Payments.Paytm.PaytmResult Status(string resultStatus, string code, string? txnId)
    {
        var raw = System.Text.Json.JsonSerializer.Serialize(new { resultInfo = new { resultStatus, resultCode = code }, txnId });
        return new(resultStatus, code, null, System.Text.Json.JsonDocument.Parse(raw).RootElement.Clone(), raw);
    }

    [Theory]
    [InlineData("PENDING", "402", null, true)] // initiated, never paid
    [InlineData("TXN_FAILURE", "334", null, true)] // Paytm does not know the order (the checkout page was never opened)
    [InlineData("PENDING", "402", "20261201000000000001", false)] // the bank is still confirming a real payment
    [InlineData("TXN_FAILURE", "227", "20261201000000000001", false)] // a declined payment is a failure, not "never paid"
    [InlineData("TXN_SUCCESS", "01", "20261201000000000001", false)]
    public void Only_an_unknown_or_unopened_order_counts_as_never_paid(string resultStatus, string code, string? txnId, bool neverPaid)
        => Assert.Equal(neverPaid, BuildXpert.Payments.Orders.OrderSettlement.NeverPaid(Status(resultStatus, code, txnId)));
}
