package notice

// RecordLinked tells the officer or kader who entered registration number
// for someone without a chat (named name) that the person linked their own
// chat to it (/sambung): from now on the person is told of every decision
// themself.
func RecordLinked(chatID int64, number, name string) Notice {
	return Notice{
		Kind: "registration.linked", ChatID: chatID, Msg: "link.notify.entered",
		Data: map[string]string{"Number": number, "Name": name},
	}
}
