using Approval.Engine;
namespace Approval.Core.Campaigns;

/// <summary>
/// The deadlines of one campaign year (the campaign's calendar), fixed when the campaign starts and handed to every
/// cycle as the <c>calendar</c> variable. Defaults follow DOMAIN.md §3: pledges early in the year ("年初"), practice
/// "任务定到月" with "季检查、半年回头看", the year-end re-rating "每年12月底前", and a 7-day notice (Decisions).
/// </summary>
public sealed record CampaignCalendar
{
    /// <summary>China Standard Time: deadlines fall at local midnight, whatever the server's zone.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public required DateTimeOffset ConfirmDue { get; init; }
    public required DateTimeOffset PledgeDue { get; init; }
    public required DateTimeOffset PledgeReviewDue { get; init; }
    public required List<PracticeMonth> Months { get; init; }
    /// <summary>The mid-year application round's deadline, for a scheme that has one ("申报创星…(6月5日前完成)").</summary>
    public DateTimeOffset? ApplicationDue { get; init; }
    /// <summary>An application not filed 5 days after its deadline lapses (like a monthly report), so the cycle can end.</summary>
    public DateTimeOffset? ApplicationCloses => ApplicationDue?.AddDays(5);
    /// <summary>六好's grading round: the committee grades from this moment, once every organization it rates has a score.</summary>
    public DateTimeOffset? GradingOpens { get; init; }
    public DateTimeOffset? GradingDue { get; init; }
    public required DateTimeOffset YearEndOpens { get; init; }
    public required DateTimeOffset SelfEvaluationDue { get; init; }
    public required DateTimeOffset VoteDue { get; init; }
    public required DateTimeOffset AssessmentDue { get; init; }
    /// <summary>Each approval tier, the objection investigation and a re-check inspection get this long (ISO 8601).</summary>
    public string ApprovalPeriod { get; init; } = Periods.Default.ApprovalPeriod;
    public string InvestigationPeriod { get; init; } = Periods.Default.InvestigationPeriod;
    public string InspectionPeriod { get; init; } = Periods.Default.InspectionPeriod;
    /// <summary>"为期一周的公示" (Decisions: 7 calendar days).</summary>
    public string NoticePeriod { get; init; } = Periods.Default.NoticePeriod;
    /// <summary>The reminder policy of each kind of step; the shipped workflows read <c>${calendar.remind.pledge.before}</c> and so on.</summary>
    public StepReminders Remind { get; init; } = StepReminders.Default;

    public static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, Offset);

    /// <summary>
    /// The default calendar of <paramref name="year"/>. A campaign started late in its year (or a demo) keeps only the
    /// months that still lie ahead, and no deadline earlier than a week after <paramref name="startedAt"/>.
    /// </summary>
    public static CampaignCalendar Default(int year, DateTimeOffset startedAt)
    {
        var earliest = startedAt.ToOffset(Offset).AddDays(7);
        // A deadline that would fall before the floor moves to the midnight after it.
        static DateTimeOffset AtLeast(DateTimeOffset date, DateTimeOffset floor) => date >= floor ? date : new DateTimeOffset(floor.Date.AddDays(1), Offset);
        var confirm = AtLeast(Day(year, 1, 31), earliest);
        var pledge = AtLeast(Day(year, 3, 1), confirm.AddDays(14));
        var review = AtLeast(Day(year, 3, 11), pledge.AddDays(10));
        var months = Enumerable.Range(3, 9)
            .Select(m => PracticeMonth.Of(year, m))
            .Where(m => m.Opens >= review.AddDays(-1) || m.Closes > review.AddDays(14))
            .ToList();
        // Mid-November, so that a result through two tiers, 复审, the quota review, the 7-day notice and the final
        // approval, each taking its whole period, is ratified "每年12月底前".
        var yearEnd = AtLeast(Day(year, 11, 15), review.AddDays(14));
        return new CampaignCalendar
        {
            ConfirmDue = confirm,
            PledgeDue = pledge,
            PledgeReviewDue = review,
            Months = months,
            YearEndOpens = yearEnd,
            SelfEvaluationDue = yearEnd.AddDays(5),
            VoteDue = yearEnd.AddDays(10),
            AssessmentDue = yearEnd.AddDays(15),
        };
    }

    /// <summary>Deadlines must follow one another; problems name the field, for the campaign form.</summary>
    /// <summary>The calendar with the scheme's application round, kept between the pledge review and the year end.</summary>
    public CampaignCalendar WithApplicationRound(Schemes.ApplicationRound? round, int year)
    {
        if (round?.DueIn(year) is not { } due) return this with { ApplicationDue = null };
        return this with { ApplicationDue = due > PledgeReviewDue.AddDays(7) ? due : new DateTimeOffset(PledgeReviewDue.AddDays(8).Date, Offset) };
    }

    /// <summary>A graded scheme's round: it opens after the assessments and two tiers' approval periods, and is due a week later.</summary>
    public CampaignCalendar WithGrading(bool graded) => graded
        ? this with { GradingOpens = AssessmentDue.AddDays(6), GradingDue = AssessmentDue.AddDays(13) }
        : this with { GradingOpens = null, GradingDue = null };

    public IReadOnlyList<Problem> Validate()
    {
        var problems = new List<Problem>();
        void Order(string field, DateTimeOffset earlier, DateTimeOffset later, string message)
        {
            if (later <= earlier) problems.Add(new(FieldCodes.Inconsistent, field, message));
        }
        Order("calendar.pledgeDue", ConfirmDue, PledgeDue, "承诺截止日须晚于定星确认截止日 / the pledge deadline must follow the confirmation deadline.");
        Order("calendar.pledgeReviewDue", PledgeDue, PledgeReviewDue, "承诺审核截止日须晚于承诺截止日 / the review deadline must follow the pledge deadline.");
        Order("calendar.yearEndOpens", PledgeReviewDue, YearEndOpens, "年终评星须在承诺审核之后开始 / the year end must follow the pledge review.");
        if (ApplicationDue is { } application)
        {
            Order("calendar.applicationDue", PledgeReviewDue, application, "申报截止日须晚于承诺审核截止日 / the application is due after the pledge review.");
            Order("calendar.applicationDue", application, YearEndOpens, "申报截止日须早于年终评星 / the application is due before the year end.");
        }
        Order("calendar.selfEvaluationDue", YearEndOpens, SelfEvaluationDue, "自评截止日须晚于年终评星开始日 / self-evaluation must end after the year end opens.");
        Order("calendar.voteDue", SelfEvaluationDue, VoteDue, "测评截止日须晚于自评截止日 / the vote must follow self-evaluation.");
        Order("calendar.assessmentDue", VoteDue, AssessmentDue, "考评截止日须晚于测评截止日 / assessment must follow the vote.");
        foreach (var (name, value) in new[] { ("approvalPeriod", ApprovalPeriod), ("investigationPeriod", InvestigationPeriod), ("inspectionPeriod", InspectionPeriod), ("noticePeriod", NoticePeriod) })
            if (!Engine.Timing.IsoDuration.TryParse(value, out var d) || d.IsZero)
                problems.Add(new(FieldCodes.InvalidFormat, $"calendar.{name}", "须为 ISO 8601 时长,如 P7D / must be an ISO 8601 duration such as P7D."));
        problems.AddRange(Remind.Validate());
        return problems;
    }
}

/// <summary>
/// The step lengths a calendar carries beside its dates; on their own they are the whole calendar of a re-check,
/// which belongs to no campaign year.
/// </summary>
public sealed record Periods(string ApprovalPeriod, string InvestigationPeriod, string InspectionPeriod, string NoticePeriod)
{
    public static readonly Periods Default = new("P3D", "P5D", "P15D", "P7D");
    public StepReminders Remind { get; init; } = StepReminders.Default;
}

/// <summary>
/// Reminder policies (ISO 8601 durations) per kind of step: a branch's pledge, its monthly reports, its year-end
/// steps, and the reviews and approvals of upper organizations. DOMAIN.md: branches that miss a deadline are
/// reminded, then their upper organization is told.
/// </summary>
public sealed record StepReminders(StepReminder Pledge, StepReminder Report, StepReminder YearEnd, StepReminder Review)
{
    public static readonly StepReminders Default = new(
        new("P7D,P3D,P1D", "P1D", "P3D"),
        new("P3D,P1D", "P1D", "P3D"),
        new("P3D,P1D", "P1D", "P2D"),
        new("P1D", "P1D", "P3D"));

    public IEnumerable<Problem> Validate() =>
        new[] { ("pledge", Pledge), ("report", Report), ("yearEnd", YearEnd), ("review", Review) }.SelectMany(step =>
            new[] { (Engine.Timing.ReminderPolicy.BeforeAttribute, "before", step.Item2.Before), (Engine.Timing.ReminderPolicy.EveryAttribute, "every", step.Item2.Every),
                    (Engine.Timing.ReminderPolicy.EscalateAttribute, "escalateAfter", step.Item2.EscalateAfter) }
            .Where(a => Engine.Timing.ReminderPolicy.Check(a.Item1, a.Item3).Count > 0)
            .Select(a => new Problem(FieldCodes.InvalidFormat, $"calendar.remind.{step.Item1}.{a.Item2}",
                "须为 ISO 8601 时长(提前提醒可用逗号分隔多个),如 P3D / must be ISO 8601 durations such as P3D (before: a comma-separated list).")));
}

/// <summary>One step kind's policy: reminders before the due time, repeats once overdue, escalation after.</summary>
public sealed record StepReminder(string Before, string Every, string EscalateAfter);

/// <summary>
/// One month of supervised practice (督促践行): the report opens on the 1st, is due at the month's end and lapses
/// (counted as missed) 5 days later. Months 3 and 9 end a quarter (季检查), month 6 the half-year (半年回头看).
/// </summary>
public sealed record PracticeMonth(int Month, DateTimeOffset Opens, DateTimeOffset Due, DateTimeOffset Closes, string? Review,
    DateTimeOffset CheckDue, DateTimeOffset CheckCloses)
{
    public static PracticeMonth Of(int year, int month)
    {
        var opens = CampaignCalendar.Day(year, month, 1);
        var due = opens.AddMonths(1);
        string? review = month switch { 6 => "half-year", 3 or 9 => "quarter", _ => null };
        return new PracticeMonth(month, opens, due, due.AddDays(5), review, due.AddDays(15), due.AddDays(20));
    }
}
