package notice

// Reenrolled tells chatID that registration number, whose membership
// ended because the nagari did not renew its budget year or pay the iuran,
// holds a place in the nagari's quota again and will be submitted to BPJS
// again. It promises no cover: that starts only once BPJS activates it.
func Reenrolled(chatID int64, number string) Notice {
	return Notice{
		Kind: "status.changed", ChatID: chatID, Msg: "reenrol.notify.worker",
		Data: map[string]string{"Number": number},
	}
}

// EnteredReenrolled tells the officer or kader who entered registration
// number for someone without a chat (named name) the news of Reenrolled,
// so they can tell the person.
func EnteredReenrolled(chatID int64, number, name string) Notice {
	return Notice{
		Kind: "status.changed", ChatID: chatID, Msg: "reenrol.notify.entered",
		Data: map[string]string{"Number": number, "Name": name},
	}
}
