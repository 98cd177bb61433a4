/** The file store's words; the English below must name every key of the Chinese. */
export const zhCN = {
  "error.file_too_large":
    "文件超过了 {limit} MB 的大小限制。请缩小文件（例如降低扫描分辨率，或分成几份）后重新上传。",
  "error.file_empty": "文件是空的。请重新选择文件后上传。",
  "error.file_type_refused":
    "无论文件名是什么，该文件的实际内容是{foundZh}，不能上传。请上传以下格式的文件：{accepted}。",
  "error.file_damaged": "该 {format} 文件已损坏，无法读取。请打开检查，重新保存或扫描后再上传。",
  "error.image_too_many_pixels":
    "图片为 {width} × {height} 像素，超过了 {limit} 百万像素的限制。请缩小图片（长边 4000 像素即可看清文件）后重新上传。",
  "error.file_missing": "请求中没有文件。请选择文件，并放在表单的文件字段中提交。",
  "error.upload_form_refused":
    "每次上传只能包含一个文件，以及最多 {fields} 个不超过 {fieldBytes} 字节的简短字段。其他文件请分别上传。",
  "error.file_malware_found":
    "病毒扫描发现该文件含有恶意代码（{signature}），文件未予保存。请用杀毒软件检查文件来源的电脑或手机，重新获取或扫描该文件后再上传。",
  "error.file_too_large_to_scan":
    "文件太大，病毒扫描无法完整检查，文件未予保存。请缩小文件（例如降低扫描分辨率，或分成几份）后重新上传。",
  "error.malware_scan_unavailable": "暂时无法对上传的文件进行病毒扫描，文件未予保存。请过几分钟再上传。",
};

export const en: Record<keyof typeof zhCN, string> = {
  "error.file_too_large":
    "The file is larger than the limit of {limit} MB. Make it smaller (scan at a lower resolution, or split it into parts) and upload it again.",
  "error.file_empty": "The file is empty. Choose the file again and upload it.",
  "error.file_type_refused":
    "Whatever its name says, the file's content is {found}, which cannot be uploaded. Upload a file in one of these formats: {accepted}.",
  "error.file_damaged":
    "The {format} file is damaged and cannot be read. Open it to check, save or scan it again, and upload the new file.",
  "error.image_too_many_pixels":
    "The picture is {width} × {height} pixels, more than the limit of {limit} million. Resize it (a long side of 4,000 pixels keeps a document readable) and upload it again.",
  "error.file_missing": "The request carries no file. Choose a file and send it in the form's file field.",
  "error.upload_form_refused":
    "An upload carries one file and at most {fields} short fields of up to {fieldBytes} bytes. Send the other files one at a time.",
  "error.file_malware_found":
    "The virus scanner found malicious code in the file ({signature}), so it was not kept. Check the computer or phone it came from with an antivirus program, get or scan the document again, and upload the clean file.",
  "error.file_too_large_to_scan":
    "The file is too large for the virus scanner to check, so it was not kept. Make it smaller (scan at a lower resolution, or split it into parts) and upload it again.",
  "error.malware_scan_unavailable":
    "Uploaded files cannot be scanned for viruses at the moment, so this one was not kept. Please upload it again in a few minutes.",
};
