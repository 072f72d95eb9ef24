using System.Net;
using System.Text.RegularExpressions;

namespace BuildXpert.EndToEndTests;

/// <summary>What a browser (the apps' WebView) does with our checkout page and the Paytm sandbox's pages.</summary>
public static partial class PaytmPages
{
    /// <summary>The first form of an HTML page: its action and hidden fields (as a browser would post them).</summary>
    public static (string Action, Dictionary<string, string?> Fields) Form(string html)
    {
        var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => (string?)WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.False(string.IsNullOrEmpty(action), html);
        return (action, fields);
    }

    /// <summary>GET paytmUrl, Paytm's page → Pay, then post the signed callback form to the URL the app closes on.</summary>
    public static async Task PayAsync(string paytmUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var (paymentPage, checkoutFields) = Form(await browser.GetStringAsync(new Uri(paytmUrl)));
        var (payAction, payFields) = Form(await (await browser.PostAsync(new Uri(paymentPage), new FormUrlEncodedContent(checkoutFields!))).Content.ReadAsStringAsync());
        payFields["outcome"] = "success";
        var paid = await (await browser.PostAsync(new Uri(new Uri(paymentPage), payAction), new FormUrlEncodedContent(payFields!))).Content.ReadAsStringAsync();
        var (callbackUrl, callbackFields) = Form(paid);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync(new Uri(callbackUrl), new FormUrlEncodedContent(callbackFields!))).StatusCode);
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
