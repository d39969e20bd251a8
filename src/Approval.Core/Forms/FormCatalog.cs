using Approval.Core.Schemes;

namespace Approval.Core.Forms;

/// <summary>Every task form the shipped workflows use, by <c>camunda:formKey</c>.</summary>
public sealed class FormCatalog
{
    private readonly Dictionary<string, TaskForm> _forms;

    public FormCatalog(SchemeCatalog schemes)
    {
        TaskForm[] forms =
        [
            new CampaignConfirmForm(schemes), new ApprovalForm(), new DisciplineOpinionForm(), new ObjectionReviewForm(), new QuotaReviewForm(),
            new MonthlyReportForm(), new ObligationRecordForm(), new PracticeCheckForm(), new PledgeForm(schemes), new SelfEvaluationForm(schemes),
            new VoteSessionForm(schemes), new AssessmentForm(schemes), new RecheckFindingsForm(schemes), new ApplicationForm(schemes), new GradingForm(), new CountersignForm(),
        ];
        _forms = forms.ToDictionary(f => f.Key, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Keys => _forms.Keys.Order(StringComparer.Ordinal).ToList();

    public TaskForm? Find(string? formKey) => formKey is null ? null : _forms.GetValueOrDefault(formKey);

    /// <summary>
    /// The form a task is completed with: its own, or for an opinion asked before its holder (前加签) the
    /// countersign form, whatever the step's form is (the holder still completes the step's own form).
    /// </summary>
    public TaskForm? For(Engine.Runtime.TaskRecord task) =>
        Engine.Execution.AddedSign.PositionOf(task.Extensions) == Engine.Execution.AddedSign.Before ? _forms[CountersignForm.FormKey] : Find(task.FormKey);
}
