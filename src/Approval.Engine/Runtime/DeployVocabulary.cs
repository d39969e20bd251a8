namespace Approval.Engine.Runtime;

/// <summary>
/// What the host can do that a model names, beyond service-task handlers: the task forms it renders and the
/// send-task topics its outbox delivers. A deployment naming anything else is refused, since such a task could
/// never be completed or its message never delivered. Asked at each validation (the host's catalogues may be built
/// after the runtime); a null function skips that check.
/// </summary>
public sealed class DeployVocabulary(Func<IReadOnlySet<string>>? formKeys = null, Func<IReadOnlySet<string>>? sendTopics = null)
{
    public IReadOnlySet<string>? FormKeys() => formKeys?.Invoke();
    public IReadOnlySet<string>? SendTopics() => sendTopics?.Invoke();
}
