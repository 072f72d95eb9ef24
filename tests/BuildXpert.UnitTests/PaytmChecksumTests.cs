using BuildXpert.Paytm;

namespace BuildXpert.UnitTests;

/// <summary>PaytmChecksum v2 against the reference vectors (reference/paytm-idempotency-ratelimits.md §3.7).</summary>
public sealed class PaytmChecksumTests
{
    private const string Key = "0123456789abcdef";
    private const string Body = """{"mid":"TESTMID0000000000001","orderId":"ORD_1"}""";
    private const string BodySignature = "rR2C4dwOhW8PNlqrPRls635PHQLy/c433nzHa4AGaV4LUOw9a4jVaqSs86W4TEOncIJNRo0oaFwby9aGJu5pDpR2fHDADhCJx5iOWK4R/Go=";
    private const string MapSignature = "UcB7k3sRyryr9VOEG3Z2LL4N/dn+kKIjddqm71TOU6lZwG9/H4vGjuNFQliYt2pWnWCGvbR8y7clbju1gxpMF0ff7Hun4kBghCvwXc1UNwM=";

    private static Dictionary<string, string?> Map() => new()
    {
        ["ORDERID"] = "ORD_1",
        ["MID"] = "TESTMID0000000000001",
        ["TXNAMOUNT"] = "1.00",
        ["STATUS"] = "TXN_SUCCESS",
        ["RESPCODE"] = "01",
    };

    [Fact]
    public void A_json_body_signs_to_the_reference_vector_and_verifies()
    {
        Assert.Equal(BodySignature, PaytmChecksum.Generate(Body, Key, "AbC1"));
        Assert.True(PaytmChecksum.Verify(Body, Key, BodySignature));
        Assert.True(PaytmChecksum.Verify(Body, Key, PaytmChecksum.Generate(Body, Key))); // a random salt verifies too
    }

    [Fact]
    public void A_parameter_map_is_canonicalised_sorted_by_key_and_signs_to_the_reference_vector()
    {
        Assert.Equal("TESTMID0000000000001|ORD_1|01|TXN_SUCCESS|1.00", PaytmChecksum.Canonical(Map()));
        Assert.Equal(MapSignature, PaytmChecksum.Generate(Map(), Key, "AbC1"));
        var posted = Map();
        posted[PaytmChecksum.ChecksumField] = MapSignature; // the posted form carries its own checksum, which is not signed
        Assert.True(PaytmChecksum.Verify(posted, Key, MapSignature));
    }

    [Fact]
    public void Null_and_the_word_null_sign_as_empty()
        => Assert.Equal("|1||x", PaytmChecksum.Canonical(new Dictionary<string, string?> { ["A"] = null, ["B"] = "1", ["C"] = "NULL", ["D"] = "x" }));

    [Theory]
    [InlineData("{\"mid\":\"TESTMID0000000000001\",\"orderId\":\"ORD_2\"}", BodySignature)] // another body
    [InlineData(Body, "not base64 at all")]
    [InlineData(Body, "")]
    [InlineData(Body, "AAAA")] // base64, but no whole AES block
    [InlineData(Body, "rR3C4dwOhW8PNlqrPRls635PHQLy/c433nzHa4AGaV4LUOw9a4jVaqSs86W4TEOncIJNRo0oaFwby9aGJu5pDpR2fHDADhCJx5iOWK4R/Go=")] // one character changed
    public void A_tampered_body_or_a_malformed_checksum_is_invalid_not_an_exception(string body, string checksum)
        => Assert.False(PaytmChecksum.Verify(body, Key, checksum));

    [Fact]
    public void A_tampered_amount_in_a_form_is_invalid()
    {
        var posted = Map();
        posted["TXNAMOUNT"] = "0.01";
        Assert.False(PaytmChecksum.Verify(posted, Key, MapSignature));
        Assert.False(PaytmChecksum.Verify(Map(), "fedcba9876543210", MapSignature)); // another merchant's key
    }

    [Fact]
    public void An_envelope_is_verified_against_its_raw_body_text()
    {
        var envelope = PaytmEnvelope.Wrap(Body, Key, "\"version\":\"v1\"");
        Assert.True(PaytmEnvelope.Verify(envelope, Key, out var body));
        Assert.Equal(Body, body);
        Assert.False(PaytmEnvelope.Verify(envelope.Replace("ORD_1", "ORD_9", StringComparison.Ordinal), Key, out _));
        Assert.False(PaytmEnvelope.Verify("[1,2]", Key, out _));
    }
}
