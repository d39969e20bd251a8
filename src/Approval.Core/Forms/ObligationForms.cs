using System.Globalization;
using System.Text.Json;
using Approval.Core.Obligations;

namespace Approval.Core.Forms;

/// <summary>组织生活记录: when the meeting or activity took place, attendance, topic, minutes and attachments.</summary>
public sealed class ObligationRecordForm : TaskForm
{
    public override string Key => "obligation-record";
    public override IReadOnlyList<string> Outcomes { get; } = ["submit"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        var heldOn = values.Text("heldOn", 10, required: true, "召开日期");
        var attendance = values.Int("attendance", 0, 100_000, required: true, "参加人数");
        var topic = values.Text("topic", 200, required: true, "主题");
        var minutes = values.Text("minutes", 5000, required: true, "会议记录");
        var attachments = values.Lines("attachments");
        if (attachments.Count > 20) values.Problem(FieldCodes.TooMany, "attachments", "附件不超过20个 / at most 20 attachments.");
        if (attachments.Any(a => a.Length > 300)) values.Problem(FieldCodes.TooLong, "attachments", "每个附件名称或链接不超过300字 / each attachment is limited to 300 characters.");
        if (heldOn is not null)
        {
            if (!DateOnly.TryParseExact(heldOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                values.Problem(FieldCodes.InvalidFormat, "heldOn", "日期格式应为 年-月-日 / heldOn must be a date (yyyy-MM-dd).");
            else if (Window(context) is { } window && (date < window.From || date > window.To))
                values.Problem(FieldCodes.OutOfRange, "heldOn", $"日期须在本期内（{window.From:yyyy-MM-dd} 至 {window.To:yyyy-MM-dd}） / heldOn must fall within the period.");
        }
        if (values.Problems.Count == 0)
            variables["record"] = Json(new ObligationRecord(heldOn!, attendance!.Value, topic!, minutes!, attachments));
    }

    /// <summary>The period's first day to the last day it can still be recorded (its grace included), China time.</summary>
    private static (DateOnly From, DateOnly To)? Window(FormContext context)
    {
        var opens = context.Get<DateTimeOffset?>("opensAt");
        var closes = context.Get<DateTimeOffset?>("closesAt");
        if (opens is null || closes is null) return null;
        var china = Campaigns.CampaignCalendar.Offset;
        return (DateOnly.FromDateTime(opens.Value.ToOffset(china).DateTime), DateOnly.FromDateTime(closes.Value.ToOffset(china).AddTicks(-1).DateTime));
    }
}
