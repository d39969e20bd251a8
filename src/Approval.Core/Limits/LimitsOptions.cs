using Approval.Engine.Limits;

namespace Approval.Core.Limits;

/// <summary>
/// <c>Approval:Limits:*</c>: what one request, file or model may cost this server (issue 14 §5). Each limit, when
/// reached, answers with a problem naming its key; README "Limits" lists them.
/// </summary>
public sealed class LimitsOptions : Configuration.ICheckedOptions
{
    /// <summary>Any request body, however it is sent (Content-Length or chunked).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>A BPMN document deployed or validated.</summary>
    public long MaxBpmnBytes { get; set; } = 5 * 1024 * 1024;
    /// <summary>An uploaded .xlsx or .csv (the whole multipart body).</summary>
    public long MaxImportBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>Rows of one imported sheet; a county's roster is a few thousand.</summary>
    public int MaxImportRows { get; set; } = 50_000;
    /// <summary>Cells of one imported sheet (rows × columns read).</summary>
    public int MaxImportCells { get; set; } = 1_000_000;
    /// <summary>
    /// The inflated size of an .xlsx (all zip entries together): a 1.3 MB file expanded to gigabytes. Checked on
    /// the sizes the zip declares and again while inflating, since a zip may declare less than it holds.
    /// </summary>
    public long MaxImportUnzippedBytes { get; set; } = 100 * 1024 * 1024;
    /// <summary>The largest page a list answers (<c>pageSize</c>); larger asks are refused with 400.</summary>
    public int MaxPageSize { get; set; } = 500;

    public int MaxXmlDepth { get; set; } = EngineLimits.Default.MaxXmlDepth;
    public int MaxXmlElements { get; set; } = EngineLimits.Default.MaxXmlElements;
    public int MaxCallDepth { get; set; } = EngineLimits.Default.MaxCallDepth;
    public int MaxMultiInstance { get; set; } = EngineLimits.Default.MaxMultiInstance;
    public int MaxTimerCatchUp { get; set; } = EngineLimits.Default.MaxTimerCatchUp;

    public void Check(Configuration.OptionsProblems problems)
    {
        problems.Range(nameof(MaxBodyBytes), MaxBodyBytes, 1024, 1L << 32);
        problems.Range(nameof(MaxBpmnBytes), MaxBpmnBytes, 1024, 1L << 32);
        problems.Range(nameof(MaxImportBytes), MaxImportBytes, 1024, 1L << 32);
        problems.Range(nameof(MaxImportRows), MaxImportRows, 1, 10_000_000);
        problems.Range(nameof(MaxImportCells), MaxImportCells, 1, 100_000_000);
        problems.Range(nameof(MaxImportUnzippedBytes), MaxImportUnzippedBytes, 1024, 1L << 34);
        problems.Range(nameof(MaxPageSize), MaxPageSize, 1, 10_000);
        problems.Range(nameof(MaxXmlDepth), MaxXmlDepth, 8, 10_000);
        problems.Range(nameof(MaxXmlElements), MaxXmlElements, 16, 10_000_000);
        problems.Range(nameof(MaxCallDepth), MaxCallDepth, 1, 1_000);
        problems.Range(nameof(MaxMultiInstance), MaxMultiInstance, 1, 1_000_000);
        problems.Range(nameof(MaxTimerCatchUp), MaxTimerCatchUp, 1, 1_000_000);
    }

    public EngineLimits Engine() => new()
    {
        MaxXmlDepth = MaxXmlDepth, MaxXmlElements = MaxXmlElements, MaxCallDepth = MaxCallDepth,
        MaxMultiInstance = MaxMultiInstance, MaxTimerCatchUp = MaxTimerCatchUp,
    };
}
