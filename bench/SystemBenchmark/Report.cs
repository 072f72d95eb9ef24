using System.Globalization;
using System.Text;

namespace BuildXpert.Bench;

/// <summary>
/// The benchmark's self-contained HTML report: per operation, throughput and p95 in 5-second buckets, as inline SVG
/// lines, with the fault moments marked as red vertical lines (hover for the fault) and failed attempts over time.
/// </summary>
public static class Report
{
    public static void Write(string path, (string Op, double At, double Ms, bool Ok)[] samples, double elapsed,
        IReadOnlyList<(double At, string Label)> markers, IReadOnlyList<(double At, string Outcome)> failures)
    {
        const double bucket = 5;
        var buckets = (int)Math.Ceiling(elapsed / bucket);
        var ops = samples.Select(s => s.Op).Distinct().Order().ToArray();
        string[] colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
        var throughput = ops.ToDictionary(op => op, op => Enumerable.Range(0, buckets).Select(b => samples.Count(s => s.Op == op && (int)(s.At / bucket) == b) / bucket).ToArray());
        var p95 = ops.ToDictionary(op => op, op => Enumerable.Range(0, buckets)
            .Select(b => samples.Where(s => s.Op == op && (int)(s.At / bucket) == b).Select(s => s.Ms).Order().ToArray())
            .Select(ms => ms.Length == 0 ? 0 : ms[Math.Clamp((int)Math.Ceiling(0.95 * ms.Length) - 1, 0, ms.Length - 1)]).ToArray());
        var html = new StringBuilder("<!doctype html><meta charset=utf-8><title>BuildXpert system benchmark</title>")
            .Append("<style>body{font:14px sans-serif;margin:2em}svg{border:1px solid #ccc;margin:1em 0}</style>")
            .Append(CultureInfo.InvariantCulture, $"<h1>BuildXpert system benchmark</h1><p>{samples.Length} operations in {elapsed:F0} s, {DateTimeOffset.UtcNow:u}</p>")
            .Append(Chart("Throughput per operation (ops/s)", throughput, colours, elapsed, markers))
            .Append(Chart("p95 per operation (ms)", p95, colours, elapsed, markers));
        if (markers.Count > 0)
        {
            var outcomes = failures.Select(f => f.Outcome).Distinct().Order().ToArray();
            var failed = outcomes.ToDictionary(o => o, o => Enumerable.Range(0, buckets).Select(b => failures.Count(f => f.Outcome == o && (int)(f.At / bucket) == b) / bucket).ToArray());
            html.Append(Chart("Failed attempts per second, by answer (retried by the client)", failed, colours, elapsed, markers)).Append("<p>");
            for (var i = 0; i < outcomes.Length; i++)
            {
                html.Append(CultureInfo.InvariantCulture, $"<span style=\"color:{colours[i % colours.Length]}\">■ {outcomes[i]}</span> ");
            }

            html.Append("</p><h2>Faults</h2><ul>");
            foreach (var (at, label) in markers)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{at:F0} s: {System.Net.WebUtility.HtmlEncode(label)}</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<p>");
        for (var i = 0; i < ops.Length; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span style=\"color:{colours[i % colours.Length]}\">■ {ops[i]}</span> ");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, html.Append("</p>").ToString());
    }

    private static string Chart(string title, Dictionary<string, double[]> series, string[] colours, double elapsed, IReadOnlyList<(double At, string Label)> markers)
    {
        const int width = 900, height = 260;
        var max = Math.Max(1, series.Values.SelectMany(v => v).DefaultIfEmpty(1).Max());
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<h2>{title}</h2><svg width={width} height={height} viewBox=\"0 0 {width} {height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=4 y=14 font-size=11>{max:F0}</text><text x=4 y={height - 4} font-size=11>0 — {elapsed:F0} s</text>");
        var i = 0;
        foreach (var (_, values) in series)
        {
            var points = string.Join(' ', values.Select((v, b) => string.Create(CultureInfo.InvariantCulture, $"{40 + (b * (width - 50) / Math.Max(1, values.Length - 1))},{height - 20 - (v / max * (height - 40)):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=none stroke=\"{colours[i++ % colours.Length]}\" stroke-width=1.5 points=\"{points}\"/>");
        }

        foreach (var (at, label) in markers)
        {
            var x = 40 + (at / Math.Max(1, elapsed) * (width - 50));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1={x:F1} x2={x:F1} y1=0 y2={height - 20} stroke=red stroke-dasharray=\"4 3\"><title>{System.Net.WebUtility.HtmlEncode(label)}</title></line>");
        }

        return svg.Append("</svg>").ToString();
    }
}

/// <summary>Counts the HTTP requests the driver sends (the throughput figure is requests, not operations).</summary>
public sealed class RequestCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
