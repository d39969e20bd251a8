using Approval.Core;
using Approval.Core.Mail;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Mail;

/// <summary>
/// Administrators' mail page: every composed mail in the outbox, newest first, by status (sent or kept, waiting,
/// dead letters) with search; a dead letter can be sent again. Without SMTP (embedded mode) this is where mails are read.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(MailStore mail, IOptions<SmtpOptions> options) : PageModel
{
    private const int PageSize = 50;

    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "q")] public string? Search { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public MailPage Mails { get; private set; } = null!;
    public bool SmtpConfigured => options.Value.IsConfigured;
    public int Pages => Math.Max(1, (Mails.Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync()
    {
        if (Status is not null && !MailStore.Statuses.Contains(Status)) Status = null;
        PageNumber = Math.Max(1, PageNumber);
        Mails = await mail.ListAsync(Status, Search, PageNumber, PageSize);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(long id)
    {
        TempData["flash"] = await mail.ResendAsync(id)
            ? T("已重新排队发送。", "Queued to be sent again.")
            : T("该邮件不在失败列表中，未重发。", "That mail is not a dead letter; nothing was resent.");
        return Redirect("/mail?status=dead");
    }

    public string Link(string? status = null, int? page = null)
    {
        var query = new List<string>();
        if ((status ?? Status) is { } s) query.Add($"status={s}");
        if (!string.IsNullOrWhiteSpace(Search)) query.Add($"q={Uri.EscapeDataString(Search)}");
        if (page is > 1) query.Add($"page={page}");
        return "/mail" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    public static string StatusName(string status) => status switch
    {
        "delivered" => T("已发出", "Sent"),
        "pending" => T("待发送", "Waiting"),
        "dead" => T("发送失败", "Failed"),
        _ => status,
    };
}
