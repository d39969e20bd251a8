using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages;

/// <summary>The page shown for an error status of a page request (the API answers problem+json instead).</summary>
[AllowAnonymous]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";

    public void OnGet(int code)
    {
        (Title, Text) = code switch
        {
            403 => (T("无权访问", "Not allowed"), T("该页面或事项不在您的职责范围内。", "This page or task is outside your role or organization scope.")),
            404 => (T("未找到", "Not found"), T("您要找的页面或事项不存在。", "The page or task does not exist.")),
            429 => (T("请求过于频繁", "Too many requests"), T("请稍后再试。", "Please try again later.")),
            _ => (T("出错了", "Something went wrong"), T("请稍后再试；问题持续时请联系管理员。", "Please try again; tell an administrator if it persists.")),
        };
    }
}
