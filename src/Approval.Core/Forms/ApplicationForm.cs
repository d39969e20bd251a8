using System.Globalization;
using System.Text.Json;
using Approval.Core.Schemes;

namespace Approval.Core.Forms;

/// <summary>The application as the cycle keeps it and the year-end assessor sees it.</summary>
public sealed record StarApplication(int AppliedLevel, string MeetingDate, string Summary);

/// <summary>
/// 申报创星 "(6月5日前完成)": "召开班子成员会议…进行自我评估(定位、定星)…基层党组织负责人代表班子填写自评表" — the date of
/// the team meeting, the self-evaluation and the level applied for.
/// </summary>
public sealed class ApplicationForm(SchemeCatalog schemes) : TaskForm
{
    public override string Key => "application";
    public override IReadOnlyList<string> Outcomes { get; } = ["submit"];

    protected override void Read(FormContext context, string outcome, string? comment, FormValues values, Dictionary<string, JsonElement> variables)
    {
        var top = RatingSubject.SchemeOf(context, schemes) is { } scheme ? Math.Max(SchemeScope.TopLevel(scheme), 1) : 5;
        var level = values.Int("appliedLevel", 1, top, required: true, "申报星级");
        var date = values.Text("meetingDate", 10, required: true, "班子成员会议日期");
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            values.Problem(FieldCodes.InvalidFormat, "meetingDate", "日期格式如 2027-05-20 / the date reads like 2027-05-20.");
        var summary = values.Text("summary", 4000, required: true, "自评情况");
        if (level is { } applied && date is not null && summary is not null)
            variables["application"] = Json(new StarApplication(applied, date, summary));
    }
}
