using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Replicate.Benchmarks.Webhooks;

/// <summary>
/// Each case's fastest iteration over its baseline's fastest. On a shared machine other processes only ever add
/// time, so the minimum is the least disturbed estimate of a cost; BenchmarkDotNet's own Ratio divides means.
/// Hand-written: BenchmarkDotNet offers no ratio of minimums.
/// </summary>
internal sealed class MinimumRatioColumn : IColumn
{
    public string Id => nameof(MinimumRatioColumn);

    public string ColumnName => "Ratio (min)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Baseline;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Fastest iteration divided by the baseline's fastest iteration";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var own = summary[benchmarkCase]?.ResultStatistics?.Min;
        var floor = baseline is null ? null : summary[baseline]?.ResultStatistics?.Min;
        return own is null || floor is null or 0 ? "?" : (own.Value / floor.Value).ToString("0.00", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
