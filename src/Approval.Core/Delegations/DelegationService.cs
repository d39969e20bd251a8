using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine;

namespace Approval.Core.Delegations;

public enum DelegationStatus { Done, NotFound, Forbidden, Invalid }

public sealed record DelegationResult(DelegationStatus Status, Delegation? Delegation, IReadOnlyList<Problem> Problems);

/// <summary>
/// 委托 as a person sets it up: a delegate who could hold every task that reaches them (the same roles, reaching the
/// same organizations: <see cref="TaskAccess.CouldHold"/>), a period, a reason. No chains: a delegate who is away
/// themselves during the period is refused, and so is a delegation by someone who holds another's tasks then, so tasks
/// reach at most one step from their owner and can never go round in a loop. One delegate at a time: overlapping
/// periods are refused.
/// </summary>
public sealed class DelegationService(DelegationStore store, UserStore users, TaskAccess access, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    public async Task<DelegationResult> CreateAsync(AppUser user, string? to, DateTimeOffset? from, DateTimeOffset? until, string? reason)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = clock.GetUtcNow();
        var problems = new List<Problem>();
        var target = string.IsNullOrWhiteSpace(to) ? null : await users.FindByLoginAsync(to.Trim());
        if (string.IsNullOrWhiteSpace(to)) problems.Add(new(FieldCodes.Required, "to", "请选择受托人 / name the delegate."));
        else if (target is null || target.Disabled) problems.Add(new(FieldCodes.UnknownReference, "to", $"没有可用的账号“{to}” / no enabled account '{to}'."));
        else if (target.Login == user.Login) problems.Add(new(FieldCodes.InvalidChoice, "to", "不能委托给自己 / you cannot delegate to yourself."));
        else if (user.Roles.FirstOrDefault(g => !access.CouldHold(target, g)) is { } missing)
            problems.Add(new(FieldCodes.NotPermitted, "to",
                $"{target.DisplayName} 不具备您的角色（{missing.Role}）或不在其范围内，不能代您办理 / {target.DisplayName} does not hold your role {missing.Role} over its organization."));
        var start = from is { } f && f > now ? f : now;
        if (until is not { } end) problems.Add(new(FieldCodes.Required, "until", "请填写委托的结束时间 / say when the delegation ends."));
        else if (end <= start) problems.Add(new(FieldCodes.OutOfRange, "until", "结束时间须晚于开始时间和当前时间 / the end must be after the start and after now."));
        else if (end - start > MaxPeriod) problems.Add(new(FieldCodes.OutOfRange, "until", "委托期限最长一年 / a delegation lasts at most a year."));
        if (string.IsNullOrWhiteSpace(reason)) problems.Add(new(FieldCodes.Required, "reason", "请填写委托事由 / say why (away on leave, training…)."));
        else if (reason.Length > MaxReasonLength) problems.Add(new(FieldCodes.TooLong, "reason", $"委托事由不能超过 {MaxReasonLength} 字 / at most {MaxReasonLength} characters."));
        if (problems.Count == 0) problems.AddRange(await ConflictsAsync(user, target!, start, until!.Value));
        if (problems.Count > 0) return new(DelegationStatus.Invalid, null, problems);
        var delegation = new Delegation(Guid.CreateVersion7().ToString(), user.Login, target!.Login, start, until!.Value, reason!.Trim(), now, null, null);
        await store.InsertAsync(delegation);
        return new(DelegationStatus.Done, delegation, []);
    }

    /// <summary>Overlaps and chains, each said with the other delegation's period.</summary>
    private async Task<IEnumerable<Problem>> ConflictsAsync(AppUser user, AppUser target, DateTimeOffset from, DateTimeOffset until)
    {
        var problems = new List<Problem>();
        var names = new Dictionary<string, string> { [user.Login] = user.DisplayName, [target.Login] = target.DisplayName };
        foreach (var other in await store.OverlappingAsync([user.Login, target.Login], from, until))
        {
            var period = $"{Day(other.StartsAt)}–{Day(other.EndsAt)}";
            if (other.Delegator == user.Login)
                problems.Add(new(FieldCodes.Inconsistent, "from", $"您在 {period} 已有委托，期间不能重叠；请先撤销或调整 / you already delegate during {period}; periods may not overlap."));
            else if (other.Delegate == user.Login)
                problems.Add(new(FieldCodes.Inconsistent, "from", $"您在 {period} 受托代人办理，不能再转委托 / you hold someone's tasks during {period}; a delegation is not passed on."));
            else if (other.Delegator == target.Login)
                problems.Add(new(FieldCodes.Inconsistent, "to", $"{names[target.Login]} 在 {period} 也不在岗（已委托他人），请另选受托人 / {names[target.Login]} is away during {period}; delegations do not chain."));
        }
        return problems.DistinctBy(p => p.Message);
    }

    // China time, as the pages show periods.
    private static string Day(DateTimeOffset at) => at.ToOffset(Campaigns.CampaignCalendar.Offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The delegator (or an administrator) ends a delegation now; its tasks come back at once.</summary>
    public async Task<DelegationResult> RevokeAsync(AppUser user, string id)
    {
        var delegation = await store.GetAsync(id);
        if (delegation is null) return new(DelegationStatus.NotFound, null, []);
        if (delegation.Delegator != user.Login && !user.IsAdministrator) return new(DelegationStatus.Forbidden, delegation, []);
        if (!await store.RevokeAsync(id, user.Login, clock.GetUtcNow()))
            return new(DelegationStatus.Invalid, delegation, [new(FieldCodes.WrongState, "id", "该委托已经结束 / the delegation has already ended.")]);
        return new(DelegationStatus.Done, await store.GetAsync(id), []);
    }

    /// <summary>The user as they act now: with the people whose delegations to them are active (<see cref="AppUser.ActingFor"/>).</summary>
    public async Task<AppUser> WithDelegatorsAsync(AppUser user)
    {
        var active = await store.ActiveToAsync(user.Login, clock.GetUtcNow());
        if (active.Count == 0) return user;
        var delegators = new List<AppUser>();
        foreach (var d in active)
            if (await users.FindByLoginAsync(d.Delegator) is { Disabled: false } delegator) delegators.Add(delegator);
        return user with { ActingFor = delegators };
    }
}
